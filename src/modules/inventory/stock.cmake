# Stock part: warehouses and locations, moves, quantities, reservation, lots and serials,
# valuation and its postings, transfers, the invariants of `keel check`.
list(APPEND INVENTORY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/stock_stub.cc)
