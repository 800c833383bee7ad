# Fulfilment part: deliveries (pick, pack, ship), invoicing from orders and down payments,
# returns, the customer 360 overview.
list(APPEND SALES_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_demo.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/deliveries_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/invoicing_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/returns_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/overview_service.cc)
list(APPEND SALES_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_http_test.cc)
