#pragma once
// libpg_query writes its JSON parse tree with PostgreSQL's appendStringInfo, one call per field, and each call
// goes through PostgreSQL's whole printf (pvsnprintf, dopr): that was a quarter of the parse thread's
// instructions. The link wraps appendStringInfo and appendStringInfoString (CMakeLists.txt: --wrap) with
// pg_query_format.cpp, which writes the formats libpg_query uses for its JSON ("%d", "%u", "%s", "%c" and
// literal text) itself and hands every other format to PostgreSQL's own code. The output is the same byte for
// byte; the switch below lets a test compare the two.
#include <cstdarg>

// PostgreSQL's StringInfo (lib/stringinfo.h, unchanged since 2003) and the functions of libpg_query's copy of
// stringinfo.c the wrapper calls; Debian's libpg-query-dev ships neither header.
extern "C" {
struct StringInfoData {
  char* data;
  int len;
  int maxlen;
  int cursor;
};
void initStringInfo(StringInfoData* str);  // allocates in the current memory context (palloc)
void enlargeStringInfo(StringInfoData* str, int needed);
int appendStringInfoVA(StringInfoData* str, const char* fmt, va_list args);
void __wrap_appendStringInfo(StringInfoData* str, const char* fmt, ...);
void __real_appendStringInfo(StringInfoData* str, const char* fmt, ...);  // PostgreSQL's own (the link's --wrap)
void __wrap_appendStringInfoString(StringInfoData* str, const char* s);
void __real_appendStringInfoString(StringInfoData* str, const char* s);
}

namespace sg::sql {

// On by default. Off: every call goes through PostgreSQL's formatting, as if there were no wrapper.
void use_direct_pg_format(bool on);
bool direct_pg_format_in_use();

}  // namespace sg::sql
