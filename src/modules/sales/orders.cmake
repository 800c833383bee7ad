# Orders part: price lists and discount rules, configurators, sales orders with credit check,
# available-to-promise and reservation, cancellation, numbering.
list(APPEND SALES_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_store.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/pricing_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/pricing_pricelists.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/quotes_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/quotes_api.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/quotes_routes.cc)
list(APPEND SALES_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_service_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/quotes_service_test.cc)
