# Ledger: chart, journals, fiscal years, posting, balances, check.
# The entry hash chain uses libsodium's BLAKE2b (CMakeLists.txt passes ACCOUNTING_LIBS).
set(ACCOUNTING_LIBS PkgConfig::SODIUM)
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/accounting_module.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_accounts.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_journals.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_chart.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_calendar.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_posting.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_finalize.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_close.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_routes_admin.cc)
list(APPEND ACCOUNTING_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_posting_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_calendar_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_daily_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/ledger_http_test.cc)
