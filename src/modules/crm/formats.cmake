# The text formats CRM reads and writes: inbound email (RFC 5322), vCard, iCalendar.
# Pure functions over text: no database, no I/O.
list(APPEND CRM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_vcard.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_ical.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_mail.cc)
list(APPEND CRM_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_vcard_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_ical_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/formats_mail_test.cc)
# GMime parses MIME; its include directories come in as system headers, so the GLib casts in
# its macros do not trip -Wold-style-cast.
list(APPEND CRM_LIBS PkgConfig::GMIME)
