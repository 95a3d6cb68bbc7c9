# SIP interop tests (SIPp, RFC 4475 torture messages, baresip over TLS),
# included from tests/interop/CMakeLists.txt. Needs `tools/deps.sh test`.
passerelle_process_test(sip_register sip/register_test.py
  $<TARGET_FILE:passerelle>)
passerelle_process_test(sip_torture sip/torture_test.py
  $<TARGET_FILE:passerelle>)
passerelle_process_test(sip_baresip_tls sip/baresip_tls_test.py
  $<TARGET_FILE:passerelle>)
passerelle_process_test(sip_restart_registrations
  sip/restart_registrations_test.py $<TARGET_FILE:passerelle>)
passerelle_process_test(sip_account_changes sip/account_changes_test.py
  $<TARGET_FILE:passerelle>)
passerelle_process_test(sip_transactions sip/transactions_test.py
  $<TARGET_FILE:passerelle>)
