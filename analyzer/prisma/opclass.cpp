#include "analyzer/prisma/opclass.hpp"

#include <array>

namespace sg::prisma {
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

template <size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  for (std::string_view x : set)
    if (s == x) return true;
  return false;
}

// BRIN classes Prisma names, by the type prefix of `<type>_minmax_ops`, `<type>_bloom_ops`, `<type>_minmax_multi_ops`.
constexpr std::array<std::string_view, 19> kMinmax = {"bit", "varbit", "bpchar", "bytea", "float4", "date", "float8",
                                                      "inet", "int2", "int4", "int8", "numeric", "oid", "text",
                                                      "timestamp", "timestamptz", "time", "timetz", "uuid"};
constexpr std::array<std::string_view, 17> kBloom = {"bpchar", "bytea", "date", "float4", "float8", "inet",
                                                     "int2", "int4", "int8", "numeric", "oid", "text",
                                                     "timestamp", "timestamptz", "time", "timetz", "uuid"};
constexpr std::array<std::string_view, 14> kMinmaxMulti = {"date", "float4", "float8", "inet", "int2", "int4", "int8",
                                                           "numeric", "oid", "timestamp", "timestamptz", "time",
                                                           "timetz", "uuid"};
constexpr std::array<std::string_view, 6> kOther = {"array_ops", "jsonb_ops", "text_ops", "inet_inclusion_ops",
                                                    "inet_ops", "jsonb_path_ops"};

bool typed(std::string_view name, std::string_view suffix, std::string_view& type) {
  if (!ends_with(name, suffix)) return false;
  type = name.substr(0, name.size() - suffix.size());
  return true;
}

}  // namespace

bool prisma_named_opclass(std::string_view name) {
  std::string_view type;
  if (typed(name, "_minmax_multi_ops", type)) return one_of(type, kMinmaxMulti);
  if (typed(name, "_minmax_ops", type)) return one_of(type, kMinmax);
  if (typed(name, "_bloom_ops", type)) return one_of(type, kBloom);
  return one_of(name, kOther);
}

WrittenOpClass named_opclass(std::string_view name, std::string_view method) {
  WrittenOpClass c;
  c.name = std::string(name);
  if (name == "inet_ops") c.is_default = method == "spgist";
  else c.is_default = !(name == "jsonb_path_ops" || ends_with(name, "_bloom_ops") || ends_with(name, "_minmax_multi_ops"));
  return c;
}

}  // namespace sg::prisma
