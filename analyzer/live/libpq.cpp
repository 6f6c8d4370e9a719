#include "analyzer/live/libpq.hpp"

#include <dlfcn.h>

#include <string>

#include "analyzer/live/session.hpp"

namespace sg::live {
namespace {

// The soname libpq-dev links against (libpq5 on Debian); the package depends on it.
constexpr const char* kLibPq = "libpq.so.5";

template <class F>
void resolve(void* lib, const char* name, F& out) {
  void* symbol = dlsym(lib, name);
  if (!symbol) throw LiveError(std::string(kLibPq) + " has no " + name + ": is it older than PostgreSQL 10's?");
  out = reinterpret_cast<F>(symbol);
}

LibPq load() {
  // Never unloaded: connections may be closed during static destruction.
  void* lib = dlopen(kLibPq, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = dlerror();
    throw LiveError(std::string("cannot load ") + kLibPq + ", which connecting to PostgreSQL needs (install libpq5): " +
                    (why ? why : "unknown reason"));
  }
  LibPq f{};
  resolve(lib, "PQconnectdb", f.connectdb);
  resolve(lib, "PQstatus", f.status);
  resolve(lib, "PQerrorMessage", f.error_message);
  resolve(lib, "PQsetNoticeProcessor", f.set_notice_processor);
  resolve(lib, "PQfinish", f.finish);
  resolve(lib, "PQexec", f.exec);
  resolve(lib, "PQexecParams", f.exec_params);
  resolve(lib, "PQresultStatus", f.result_status);
  resolve(lib, "PQresultErrorField", f.result_error_field);
  resolve(lib, "PQresultErrorMessage", f.result_error_message);
  resolve(lib, "PQntuples", f.ntuples);
  resolve(lib, "PQnfields", f.nfields);
  resolve(lib, "PQgetisnull", f.getisnull);
  resolve(lib, "PQgetvalue", f.getvalue);
  resolve(lib, "PQgetlength", f.getlength);
  resolve(lib, "PQserverVersion", f.server_version);
  resolve(lib, "PQclear", f.clear);
  return f;
}

}  // namespace

const LibPq& libpq() {
  // A failed load throws out of the initializer, so the next call tries again.
  static const LibPq loaded = load();
  return loaded;
}

}  // namespace sg::live
