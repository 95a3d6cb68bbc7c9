"""SIGKILL the gateway under load, restart it, and find every acknowledged
event and an intact hash chain (foundation issue, process-level test)."""

import json
import subprocess
import sys
import threading

from gateway_process import Gateway, wait_until

WRITERS = 16


def main(binary, audit):
    gw = Gateway(binary).start()
    acked, failed = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(index):
        n = 0
        while not stop.is_set():
            mac = f"02{index:02x}{n:08x}"
            n += 1
            try:
                status, _ = gw.request("POST", "/api/v1/devices", {"mac": mac})
            except OSError:
                return  # the gateway is gone
            with lock:
                (acked if status == 201 else failed).append((mac, status))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    try:
        for t in threads:
            t.start()
        wait_until(lambda: len(acked) >= 400, what="400 acknowledged devices")
        gw.kill()  # mid-load: requests are in flight
        stop.set()
        for t in threads:
            t.join()
        assert not failed, f"non-201 answers under load: {failed[:5]}"
        print(f"{len(acked)} devices acknowledged before SIGKILL")

        gw.start()
        missing = []
        for mac, _ in acked:
            status, body = gw.request("GET", f"/api/v1/devices/{mac}")
            if status != 200 or json.loads(body)["state"] != "provisioned":
                missing.append((mac, status, body))
        assert not missing, f"acknowledged but lost: {missing[:5]}"

        # The store keeps working after the crash.
        status, _ = gw.request("POST", "/api/v1/devices", {"mac": "02ffffffffff"})
        assert status == 201, status
        assert gw.stop() == 0, "clean shutdown must exit 0"

        verify = subprocess.run([audit, "verify", f"--data-dir={gw.data_dir}"],
                                capture_output=True, text=True)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        dump = subprocess.run([audit, "dump", f"--data-dir={gw.data_dir}",
                               "--type=device_provisioned"],
                              capture_output=True, text=True, check=True)
        stored = {json.loads(line)["payload"]["mac"]
                  for line in dump.stdout.splitlines()}
        assert {mac for mac, _ in acked} <= stored
        print(f"all {len(acked)} acknowledged events found, chain intact")
    finally:
        stop.set()
        gw.cleanup()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    print("1 passed, 0 failed")
