#include "analyzer/sql/pg_query_format.hpp"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace sg::sql {

namespace {

std::atomic<bool> g_direct{true};

// How a format is written. Text: no conversion at all (libpg_query writes most field names so). OneConversion:
// text, one conversion, text (most of the rest). Direct: any mix of text, %% and the conversions written here:
// %d %u %ld %lu %s %c without flags, width or precision. Postgres: any other conversion (%f, %m, %5d, ...) leaves
// the whole call to PostgreSQL.
enum class Way : uint8_t { Unknown, Text, OneConversion, Direct, Postgres };

constexpr size_t kShortPrefix = 32, kShortSuffix = 8;

// What a format is, worked out once per format: libpg_query's formats are string literals, so a format's address
// names it (sanitizer builds check that the text at an address never changes).
struct Plan {
  const char* fmt = nullptr;
  Way way = Way::Unknown;
  char conversion = 0;   // OneConversion: 'd', 'u', 's', 'c'
  bool is_long = false;  // %ld, %lu
  uint16_t prefix = 0;   // Text: the length; OneConversion: the text before the conversion ...
  uint16_t suffix = 0;   // ... and after it, which starts at prefix + 2 + is_long
  // When the prefix fits in 32 bytes and the suffix in 8 (nearly always), a copy of them: copied whole, with
  // constant sizes the compiler inlines, rather than through three calls to memcpy.
  bool short_text = false;
  char text[kShortPrefix + kShortSuffix] = {};

  bool operator==(const Plan&) const = default;
};

Plan plan_of(const char* fmt) {
  Plan plan{fmt, Way::Direct};
  int conversions = 0;
  size_t first = 0;
  for (const char* p = fmt; (p = std::strchr(p, '%')) != nullptr;) {
    const char* pct = p++;
    bool is_long = *p == 'l';
    if (is_long) ++p;
    char c = *p++;
    if (c == 'd' || c == 'u' || ((c == 's' || c == 'c' || c == '%') && !is_long)) {
      if (conversions++ == 0) {
        first = static_cast<size_t>(pct - fmt);
        plan.conversion = c;
        plan.is_long = is_long;
      }
      continue;
    }
    plan.way = Way::Postgres;
    return plan;
  }
  size_t length = std::strlen(fmt);
  if (conversions == 0 && length < 65535) {
    plan.way = Way::Text;
    plan.prefix = static_cast<uint16_t>(length);
  } else if (conversions == 1 && plan.conversion != '%' && length < 65535) {
    plan.way = Way::OneConversion;
    plan.prefix = static_cast<uint16_t>(first);
    plan.suffix = static_cast<uint16_t>(length - first - 2 - plan.is_long);
  }
  if (plan.prefix <= kShortPrefix && plan.suffix <= kShortSuffix) {
    plan.short_text = true;
    std::memcpy(plan.text, fmt, plan.prefix);
    std::memcpy(plan.text + kShortPrefix, fmt + length - plan.suffix, plan.suffix);
  }
  return plan;
}

const Plan& cached_plan(const char* fmt) {
  // libpg_query has some 300 formats, packed side by side: a multiplicative hash spreads them.
  thread_local Plan cache[2048];
  Plan& slot = cache[(reinterpret_cast<uintptr_t>(fmt) * 0x9E3779B97F4A7C15ull) >> 53];
  if (slot.fmt != fmt) slot = plan_of(fmt);
#ifdef SCHEMAGATE_CHECK_LOOKUPS
  if (!(plan_of(fmt) == slot)) std::abort();
#endif
  return slot;
}

// Makes room for n more bytes and their terminating NUL.
char* reserve(StringInfoData* str, size_t n) {
  if (static_cast<size_t>(str->maxlen - str->len) <= n) enlargeStringInfo(str, static_cast<int>(n));
  return str->data + str->len;
}

void commit(StringInfoData* str, char* end) {
  *end = '\0';
  str->len = static_cast<int>(end - str->data);
}

void append(StringInfoData* str, const char* p, size_t n) {
  char* out = reserve(str, n);
  std::memcpy(out, p, n);
  commit(str, out + n);
}

// A format without conversions.
void append_text(StringInfoData* str, const Plan& plan) {
  if (!plan.short_text) return append(str, plan.fmt, plan.prefix);
  char* out = reserve(str, kShortPrefix);
  std::memcpy(out, plan.text, kShortPrefix);
  commit(str, out + plan.prefix);
}

template <class Int>
std::string_view digits(char (&buffer)[24], Int v) {
  return {buffer, static_cast<size_t>(std::to_chars(buffer, buffer + sizeof buffer, v).ptr - buffer)};
}

// Any other direct format, piece by piece.
void format_direct(StringInfoData* str, const char* fmt, va_list args) {
  const char* p = fmt;
  for (const char* pct; (pct = std::strchr(p, '%')) != nullptr;) {
    append(str, p, static_cast<size_t>(pct - p));
    p = pct + 1;
    bool is_long = *p == 'l';
    if (is_long) ++p;
    char buffer[24];
    switch (*p++) {
      case 'd': {
        auto v = is_long ? digits(buffer, va_arg(args, long)) : digits(buffer, va_arg(args, int));
        append(str, v.data(), v.size());
        break;
      }
      case 'u': {
        auto v = is_long ? digits(buffer, va_arg(args, unsigned long)) : digits(buffer, va_arg(args, unsigned int));
        append(str, v.data(), v.size());
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        append(str, s, std::strlen(s));
        break;
      }
      case 'c':
        buffer[0] = static_cast<char>(va_arg(args, int));
        append(str, buffer, 1);
        break;
      default: append(str, "%", 1); break;  // "%%"
    }
  }
  append(str, p, std::strlen(p));
}

// The formats libpg_query's JSON uses most: text, one conversion, text.
void format_one(StringInfoData* str, const Plan& plan, va_list args) {
  if (!plan.short_text) return format_direct(str, plan.fmt, args);  // a long text around it: rare
  const char* s = nullptr;
  size_t value_size = 24;  // room for any number
  if (plan.conversion == 's') {
    s = va_arg(args, const char*);
    if (!s) s = "(null)";  // as PostgreSQL's snprintf
    value_size = std::strlen(s);
  }
  // The prefix and suffix are copied at their full short sizes: the room reserved covers what lies past them.
  char* out = reserve(str, kShortPrefix + value_size + kShortSuffix);
  std::memcpy(out, plan.text, kShortPrefix);
  out += plan.prefix;
  switch (plan.conversion) {
    case 'd':
      out = plan.is_long ? std::to_chars(out, out + value_size, va_arg(args, long)).ptr
                         : std::to_chars(out, out + value_size, va_arg(args, int)).ptr;
      break;
    case 'u':
      out = plan.is_long ? std::to_chars(out, out + value_size, va_arg(args, unsigned long)).ptr
                         : std::to_chars(out, out + value_size, va_arg(args, unsigned int)).ptr;
      break;
    case 's':
      std::memcpy(out, s, value_size);
      out += value_size;
      break;
    default:
      *out++ = static_cast<char>(va_arg(args, int));
      break;
  }
  std::memcpy(out, plan.text + kShortPrefix, kShortSuffix);
  commit(str, out + plan.suffix);
}

}  // namespace

void use_direct_pg_format(bool on) { g_direct.store(on, std::memory_order_relaxed); }
bool direct_pg_format_in_use() { return g_direct.load(std::memory_order_relaxed); }

}  // namespace sg::sql

// Every call libpg_query makes to appendStringInfo lands here (the link's --wrap).
extern "C" void __wrap_appendStringInfo(StringInfoData* str, const char* fmt, ...) {
  va_list args;
  if (sg::sql::direct_pg_format_in_use()) {
    const sg::sql::Plan& plan = sg::sql::cached_plan(fmt);
    if (plan.way == sg::sql::Way::Text) return sg::sql::append_text(str, plan);
    if (plan.way != sg::sql::Way::Postgres) {
      va_start(args, fmt);
      if (plan.way == sg::sql::Way::OneConversion) sg::sql::format_one(str, plan, args);
      else sg::sql::format_direct(str, fmt, args);
      va_end(args);
      return;
    }
  }
  // PostgreSQL's own appendStringInfo: try, and when the buffer was too small, enlarge it and try again.
  int save_errno = errno;
  for (;;) {
    errno = save_errno;  // for %m
    va_start(args, fmt);
    int needed = appendStringInfoVA(str, fmt, args);
    va_end(args);
    if (needed == 0) break;
    enlargeStringInfo(str, needed);
  }
}

// libpg_query's field names and brackets: one append, without appendBinaryStringInfo's second call.
extern "C" void __wrap_appendStringInfoString(StringInfoData* str, const char* s) {
  if (!sg::sql::direct_pg_format_in_use()) return __real_appendStringInfoString(str, s);
  sg::sql::append(str, s, std::strlen(s));
}
