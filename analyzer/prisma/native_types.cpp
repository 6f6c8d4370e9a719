#include "analyzer/prisma/native_types.hpp"

#include <algorithm>

namespace sg::prisma {

namespace {

using Family = ColumnType::Family;

ColumnType make(std::string formatted, std::string cast_name, Family family, std::string serial = {}) {
  return {std::move(formatted), std::move(cast_name), family, std::move(serial)};
}

std::string mod(const std::vector<std::string>& args) {
  if (args.empty()) return {};
  std::string out = "(";
  for (size_t i = 0; i < args.size(); ++i) out += (i ? "," : "") + args[i];
  return out + ")";
}

}  // namespace

std::optional<ColumnType> default_column_type(std::string_view scalar) {
  if (scalar == "String") return make("text", "text", Family::Text);
  if (scalar == "Int") return make("integer", "integer", Family::Integer, "integer");
  if (scalar == "BigInt") return make("bigint", "bigint", Family::Integer, "bigint");
  if (scalar == "Float") return make("double precision", "double precision", Family::Float);
  if (scalar == "Decimal") return make("numeric(65,30)", "numeric", Family::Decimal);
  if (scalar == "DateTime") return make("timestamp(3) without time zone", "timestamp without time zone", Family::DateTime);
  if (scalar == "Boolean") return make("boolean", "boolean", Family::Boolean);
  if (scalar == "Bytes") return make("bytea", "bytea", Family::Bytes);
  if (scalar == "Json") return make("jsonb", "jsonb", Family::Json);
  return std::nullopt;
}

std::optional<ColumnType> postgres_native_type(std::string_view name, const std::vector<std::string>& args) {
  const std::string m = mod(args);
  // Types with a length: the default length PostgreSQL gives when none is written.
  if (name == "Text") return make("text", "text", Family::Text);
  if (name == "VarChar") return make("character varying" + m, "character varying", Family::Text);
  if (name == "Char") return make("character" + (m.empty() ? std::string("(1)") : m), "bpchar", Family::Text);
  if (name == "Uuid") return make("uuid", "uuid", Family::Text);
  if (name == "Xml") return make("xml", "xml", Family::Text);
  if (name == "Inet") return make("inet", "inet", Family::Text);
  if (name == "Citext") return make("citext", "citext", Family::Text);
  if (name == "Bit") return make("bit" + (m.empty() ? std::string("(1)") : m), "bit", Family::Text);
  if (name == "VarBit") return make("bit varying" + m, "bit varying", Family::Text);
  if (name == "Integer") return make("integer", "integer", Family::Integer, "integer");
  if (name == "SmallInt") return make("smallint", "smallint", Family::Integer, "smallint");
  if (name == "BigInt") return make("bigint", "bigint", Family::Integer, "bigint");
  if (name == "Oid") return make("oid", "oid", Family::Integer);
  if (name == "DoublePrecision") return make("double precision", "double precision", Family::Float);
  if (name == "Real") return make("real", "real", Family::Float);
  if (name == "Decimal") return make("numeric" + m, "numeric", Family::Decimal);
  if (name == "Money") return make("money", "money", Family::Decimal);
  if (name == "Boolean") return make("boolean", "boolean", Family::Boolean);
  if (name == "Timestamp")
    return make(args.empty() ? "timestamp without time zone" : "timestamp" + m + " without time zone",
                "timestamp without time zone", Family::DateTime);
  if (name == "Timestamptz")
    return make(args.empty() ? "timestamp with time zone" : "timestamp" + m + " with time zone",
                "timestamp with time zone", Family::DateTime);
  if (name == "Date") return make("date", "date", Family::DateTime);
  if (name == "Time")
    return make(args.empty() ? "time without time zone" : "time" + m + " without time zone", "time without time zone",
                Family::DateTime);
  if (name == "Timetz")
    return make(args.empty() ? "time with time zone" : "time" + m + " with time zone", "time with time zone",
                Family::DateTime);
  if (name == "Json") return make("json", "json", Family::Json);
  if (name == "JsonB") return make("jsonb", "jsonb", Family::Json);
  if (name == "ByteA") return make("bytea", "bytea", Family::Bytes);
  return std::nullopt;
}

const std::vector<std::string_view>& postgres_native_type_names() {
  static const std::vector<std::string_view> names = {
      "Text", "VarChar", "Char", "Uuid", "Xml", "Inet", "Citext", "Bit", "VarBit", "Integer", "SmallInt", "BigInt",
      "Oid", "DoublePrecision", "Real", "Decimal", "Money", "Boolean", "Timestamp", "Timestamptz", "Date", "Time",
      "Timetz", "Json", "JsonB", "ByteA"};
  return names;
}

bool is_scalar_type(std::string_view name) {
  static constexpr std::string_view kScalars[] = {"String", "Int", "BigInt", "Float", "Decimal", "DateTime",
                                                  "Boolean", "Bytes", "Json", "Unsupported"};
  return std::find(std::begin(kScalars), std::end(kScalars), name) != std::end(kScalars);
}

}  // namespace sg::prisma
