# reports part of the accounting module: trial balance, general ledger, income statement,
# balance sheet, cash flow (from live balances), their CSV and routes; and the ledger benchmark.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_values.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_ledger.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_statements.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_general_ledger.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_csv.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_handlers.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_routes.cc)

list(APPEND ACCOUNTING_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_http_test.cc)

# The ledger benchmark (bench/accounting.sh runs it from the release build): generated ledgers
# of millions of lines, report timings, and a server for wrk to post entries to.
add_executable(keel_accounting_bench ${PROJECT_SOURCE_DIR}/bench/accounting_bench.cc)
target_compile_options(keel_accounting_bench PRIVATE ${KEEL_WARNINGS})
target_link_libraries(keel_accounting_bench PRIVATE keel_accounting)
