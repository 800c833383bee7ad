# Pipeline part: teams, stages, campaigns, leads (API, web forms, CSV, scoring, duplicates,
# conversion), opportunities, the kanban, forecast and quotas, activities and timelines.
list(APPEND CRM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_module.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/crm_demo.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/pipeline_settings.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/leads_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/leads_intake.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/leads_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/opportunities_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/forecast_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/pipeline_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/activities_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/activities_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/channels_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/channels_routes.cc)
list(APPEND CRM_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/pipeline_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/channels_test.cc)
