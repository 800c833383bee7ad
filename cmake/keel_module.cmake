# keel_add_module(NAME <name> [SOURCES ...] [TESTS ...] [DEPENDS ...] [MIGRATIONS <dir>])
#
# One module = one static library named keel_<name>. Its public headers live in
# <dir>/include/keel/<name>/ and are the only ones other modules can include; its
# private sources and headers live in <dir>/src/ and are not on anyone else's include
# path, so reaching into them fails the build. Tests listed in TESTS are linked into one
# GoogleTest binary keel_<name>_test and registered with CTest. SQL files in MIGRATIONS
# are embedded in the library (see keel_embed_migrations below).
function(keel_add_module)
  cmake_parse_arguments(M "" "NAME;MIGRATIONS" "SOURCES;TESTS;DEPENDS;LIBS" ${ARGN})
  set(target keel_${M_NAME})
  set(sources ${M_SOURCES})
  if(M_MIGRATIONS)
    keel_embed_migrations(${M_NAME} ${CMAKE_CURRENT_SOURCE_DIR}/${M_MIGRATIONS} generated)
    list(APPEND sources ${generated})
  endif()
  add_library(${target} STATIC ${sources})
  target_include_directories(${target}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(${target} PRIVATE ${KEEL_WARNINGS})
  foreach(dep ${M_DEPENDS})
    target_link_libraries(${target} PUBLIC keel_${dep})
  endforeach()
  if(M_LIBS)
    target_link_libraries(${target} PUBLIC ${M_LIBS})
  endif()
  if(M_TESTS)
    add_executable(${target}_test ${M_TESTS})
    target_include_directories(${target}_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_options(${target}_test PRIVATE ${KEEL_WARNINGS})
    target_link_libraries(${target}_test PRIVATE ${target} keel_testing GTest::gtest_main GTest::gmock)
    gtest_discover_tests(${target}_test DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${M_NAME})
  endif()
endfunction()

# Turns every NNNN_name.sql (shared), NNNN_name.sqlite.sql and NNNN_name.postgres.sql file in
# DIR into a generated C++ source that registers them with keel::db under MODULE. Migrations
# are forward-only and numbered per module; a dialect file replaces the shared one for that
# engine.
function(keel_embed_migrations module dir out_var)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${module}_migrations.cc)
  set(body "// Generated from ${dir}; do not edit.\n#include \"keel/db/migrations.h\"\n\nnamespace keel::${module}::detail {\nconst keel::db::MigrationSet& migrations() {\n  static const keel::db::MigrationSet set{\"${module}\", {\n")
  foreach(f ${files})
    get_filename_component(name ${f} NAME)
    file(READ ${f} sql)
    string(REGEX MATCH "^([0-9]+)_" _ ${name})
    set(version ${CMAKE_MATCH_1})
    math(EXPR version "${version} + 0")
    set(dialect "any")
    if(name MATCHES "\\.sqlite\\.sql$")
      set(dialect "sqlite")
    elseif(name MATCHES "\\.postgres\\.sql$")
      set(dialect "postgres")
    endif()
    string(APPEND body "    {${version}, \"${name}\", keel::db::Dialect::${dialect}, R\"keelsql(${sql})keelsql\"},\n")
  endforeach()
  string(APPEND body "  }};\n  return set;\n}\n}  // namespace keel::${module}::detail\n")
  file(CONFIGURE OUTPUT ${out} CONTENT "${body}" @ONLY)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
