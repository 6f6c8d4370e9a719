# tree-sitter runtime and the Prisma grammar come from the npm registry (pinned, integrity-checked by
# ci/fetch-npm-deps) and are compiled here as plain C libraries. Nothing of theirs is committed.
set(SCHEMAGATE_NPM_DIR "${CMAKE_BINARY_DIR}/_npm" CACHE PATH "Where pinned npm packages are unpacked")
execute_process(
  COMMAND bash "${CMAKE_SOURCE_DIR}/ci/fetch-npm-deps" "${SCHEMAGATE_NPM_DIR}"
  RESULT_VARIABLE _fetch_rc)
if(NOT _fetch_rc EQUAL 0)
  message(FATAL_ERROR "ci/fetch-npm-deps failed (needs npm and network access to the npm registry)")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/ci/npm-deps.lock")

set(_ts "${SCHEMAGATE_NPM_DIR}/tree-sitter/vendor/tree-sitter/lib")
add_library(tree_sitter_runtime STATIC "${_ts}/src/lib.c")
target_include_directories(tree_sitter_runtime SYSTEM PUBLIC "${_ts}/include" PRIVATE "${_ts}/src")
target_compile_definitions(tree_sitter_runtime PRIVATE _DEFAULT_SOURCE _POSIX_C_SOURCE=200809L)
set_target_properties(tree_sitter_runtime PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_runtime PRIVATE -w)

set(_tsp "${SCHEMAGATE_NPM_DIR}/tree-sitter-prisma/src")
add_library(tree_sitter_prisma STATIC "${_tsp}/parser.c")
target_include_directories(tree_sitter_prisma PRIVATE "${_tsp}")
set_target_properties(tree_sitter_prisma PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_prisma PRIVATE -w)
