#pragma once
// libpq, loaded the first time a command opens a database. Linked in, it brought about twenty shared libraries
// (Kerberos, LDAP, GnuTLS...) whose loading cost 6 to 7 ms at every start of every command, most of which never
// connect: a pre-commit run on a few files took longer to start than to lint.
#include <libpq-fe.h>

namespace sg::live {

// The libpq functions schemagate calls, resolved from libpq.so.5.
struct LibPq {
  decltype(&PQconnectdb) connectdb;
  decltype(&PQstatus) status;
  decltype(&PQerrorMessage) error_message;
  decltype(&PQsetNoticeProcessor) set_notice_processor;
  decltype(&PQfinish) finish;
  decltype(&PQexec) exec;
  decltype(&PQexecParams) exec_params;
  decltype(&PQresultStatus) result_status;
  decltype(&PQresultErrorField) result_error_field;
  decltype(&PQresultErrorMessage) result_error_message;
  decltype(&PQntuples) ntuples;
  decltype(&PQnfields) nfields;
  decltype(&PQgetisnull) getisnull;
  decltype(&PQgetvalue) getvalue;
  decltype(&PQgetlength) getlength;
  decltype(&PQserverVersion) server_version;
  decltype(&PQclear) clear;
};

// Loads libpq on the first call (thread-safe); throws LiveError, naming the library and the loader's reason,
// when it cannot be loaded or lacks a function.
const LibPq& libpq();

}  // namespace sg::live
