#include <CLI/CLI.hpp>
#include <malloc.h>
#include <pg_query.h>

#include <algorithm>
#include <iostream>

#include "cli/command.hpp"
#include "schemagate/version.hpp"

int main(int argc, char** argv) {
  // glibc raises its mmap and trim thresholds each time a large block is freed (libpg_query's JSON of a big
  // file, simdjson's buffers), after which freed memory stays in the heap for the rest of the run: lint of a
  // 50 MB history then peaks at 56 MB instead of 48. Fixed thresholds keep large blocks out of the heap.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 20);
  CLI::App app{"schemagate: static analyzer and CI gate for Prisma migration histories on PostgreSQL"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("schemagate ") + sg::kVersion + " (PostgreSQL " + PG_VERSION +
                                        " grammar, libpg_query " + std::to_string(PG_VERSION_NUM) + ")");
  int exit_code = sg::cli::kExitOk;
  auto& specs = sg::cli::command_registry();
  std::sort(specs.begin(), specs.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  for (auto& spec : specs) spec.setup(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : sg::cli::kExitUsage;
  } catch (const std::exception& e) {
    // What the commands do not handle themselves (no memory, no thread for a worker) ends the run with a
    // message and the input-error exit code, never with an abort.
    std::cerr << "schemagate: error: " << e.what() << "\n";
    return sg::cli::kExitUsage;
  }
  return exit_code;
}
