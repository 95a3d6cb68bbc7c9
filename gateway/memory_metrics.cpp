#include "gateway/memory_metrics.hpp"

namespace passerelle {

namespace {

void gauge(std::string& out, const char* name, const char* help,
           uint64_t value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" gauge\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

} // namespace

std::string render_memory_metrics(const storage::event_store& store,
                                  registrar_core& registrar) {
  std::string out;
  auto mem = store.memory();
  gauge(out, "passerelle_store_memtable_bytes",
        "Bytes in RocksDB memtables (all column families).", mem.memtables);
  gauge(out, "passerelle_store_table_readers_bytes",
        "Bytes of RocksDB SST indexes and filters in memory.",
        mem.table_readers);
  auto g = gauges(registrar);
  gauge(out, "passerelle_registrar_accounts",
        "Accounts the registrar holds in memory.", g.accounts);
  gauge(out, "passerelle_registrar_bindings", "Live bindings in memory.",
        g.bindings);
  gauge(out, "passerelle_registrar_expiry_entries",
        "Entries in the binding expiry schedule, stale ones included "
        "(about one per account with bindings).",
        g.expiry_entries);
  gauge(out, "passerelle_registrar_server_transactions",
        "Live SIP server transactions (UDP ones linger 32 s, timer J).",
        g.server_transactions);
  gauge(out, "passerelle_registrar_nonce_counters",
        "Nonces whose count is tracked against replay.", g.nonce_counters);
  gauge(out, "passerelle_registrar_completed_answer_bytes",
        "Bytes holding the answers of completed UDP transactions, kept "
        "for retransmissions until timer J.",
        g.completed_answer_bytes);
  return out;
}

} // namespace passerelle
