# Release packaging: `cmake --install` puts the binary in bin/ and the documentation in share/doc/schemagate;
# `cpack` (or `cmake --build --preset release --target package`) makes a .deb from the same install rules.
include(GNUInstallDirs)

# libpg_query and tree-sitter are static archives already; with this the C++ runtime is too, so the binary
# only needs the C library, OpenSSL, fmt, simdjson and toml++ from the system, and libpq (loaded to connect).
option(SCHEMAGATE_STATIC_RUNTIME "Link libstdc++ and libgcc statically (-static-libstdc++ -static-libgcc)" OFF)
if(SCHEMAGATE_STATIC_RUNTIME)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_link_options(schemagate PRIVATE -static-libstdc++ -static-libgcc)
  else()
    message(WARNING "SCHEMAGATE_STATIC_RUNTIME: ${CMAKE_CXX_COMPILER_ID} is not GCC or Clang; ignored")
  endif()
endif()

# The documentation a user of the binary needs offline: the README, the JSON format, the CI integrations and
# every rule's page (`schemagate explain` has them built in as well).
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")

set(CPACK_PACKAGE_NAME "schemagate")
set(CPACK_PACKAGE_VENDOR "schemagate")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Static analyzer and CI gate for Prisma migration histories on PostgreSQL")
set(CPACK_PACKAGE_DESCRIPTION
  "schemagate parses every Prisma migration.sql with PostgreSQL's own parser, replays the whole history into a \
catalog and reports, without a database, which migration locks a hot table, drops data, will fail at deploy, \
was edited after it was applied, or no longer matches schema.prisma.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/schemagate/schemagate")
set(CPACK_PACKAGE_CONTACT "schemagate maintainers <maintainers@schemagate.dev>")
set(CPACK_GENERATOR "DEB")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "schemagate maintainers <maintainers@schemagate.dev>")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # schemagate_<version>_<arch>.deb
# dpkg-shlibdeps reads the binary and names exactly the shared libraries it links (libpq5, libssl3, libfmt9,
# ...) with their minimum versions. Without it (not a Debian build host) the list below is bookworm's.
find_program(SCHEMAGATE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(SCHEMAGATE_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # libpq is loaded when a command connects, so dpkg-shlibdeps cannot see it in the binary.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5")
else()
  set(_sg_deps "libc6 (>= 2.34), libpq5, libssl3, libfmt9, libsimdjson14, libtomlplusplus3")
  if(NOT SCHEMAGATE_STATIC_RUNTIME)
    string(APPEND _sg_deps ", libstdc++6 (>= 12), libgcc-s1")
  endif()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_sg_deps}")
endif()
# `git` makes `lint --since` work; the rest runs without it.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "git, postgresql-client")

include(CPack)
