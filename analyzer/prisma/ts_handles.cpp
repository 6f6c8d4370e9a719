#include "analyzer/prisma/ts_handles.hpp"

#include <chrono>

namespace sg::prisma::ts {

Parser make_prisma_parser() {
  Parser parser(ts_parser_new());
  if (!parser || !ts_parser_set_language(parser.get(), tree_sitter_prisma())) return nullptr;
  return parser;
}

namespace {
struct Deadline {
  std::chrono::steady_clock::time_point until;
};
// tree-sitter calls this now and then while parsing; returning true cancels the parse.
bool past_deadline(TSParseState* state) {
  const auto* d = static_cast<const Deadline*>(state->payload);
  return std::chrono::steady_clock::now() > d->until;
}
}  // namespace

Tree parse(TSParser* parser, std::string_view text, unsigned budget_ms) {
  if (!parser || text.size() > UINT32_MAX) return nullptr;
  Deadline deadline{std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms)};
  struct Input {
    std::string_view text;
  } input{text};
  TSInput ts_input{};
  ts_input.payload = &input;
  ts_input.read = [](void* payload, uint32_t byte, TSPoint, uint32_t* bytes_read) -> const char* {
    const auto* in = static_cast<const Input*>(payload);
    if (byte >= in->text.size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(in->text.size() - byte);
    return in->text.data() + byte;
  };
  ts_input.encoding = TSInputEncodingUTF8;
  TSParseOptions options{};
  options.payload = &deadline;
  options.progress_callback = past_deadline;
  Tree tree(ts_parser_parse_with_options(parser, nullptr, ts_input, options));
  ts_parser_reset(parser);
  return tree;
}

Query make_query(std::string_view source, uint32_t* error_offset) {
  uint32_t offset = 0;
  TSQueryError error = TSQueryErrorNone;
  Query query(ts_query_new(tree_sitter_prisma(), source.data(), static_cast<uint32_t>(source.size()), &offset, &error));
  if (error_offset) *error_offset = offset;
  if (error != TSQueryErrorNone) return nullptr;
  return query;
}

}  // namespace sg::prisma::ts
