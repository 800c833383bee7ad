# Stock part: warehouses and locations, moves, quantities, reservation, lots and serials,
# valuation and its postings, transfers, the invariants of `keel check`.
list(APPEND INVENTORY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_commands.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_demo.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_levels.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_locations.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_moves.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_valuation.cc)
list(APPEND INVENTORY_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_concurrency_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_http_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_moves_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_valuation_test.cc)
