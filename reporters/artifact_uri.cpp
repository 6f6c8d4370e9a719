#include "reporters/artifact_uri.hpp"

#include <filesystem>

namespace sg::report {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Lexical only: the file need not exist any more when the report is written.
std::string normal_generic(std::string_view p) {
  return std::filesystem::path(p).lexically_normal().generic_string();
}

}  // namespace

std::string percent_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (unreserved(c) || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string directory_uri(std::string_view absolute_dir) {
  std::string dir = normal_generic(absolute_dir);
  if (dir.empty() || dir.back() != '/') dir += '/';
  return "file://" + percent_encode_path(dir);
}

ArtifactUri artifact_uri(std::string_view path, std::string_view base) {
  std::filesystem::path p(path);
  if (p.is_absolute()) {
    if (!base.empty()) {
      std::filesystem::path rel = p.lexically_normal().lexically_relative(std::filesystem::path(base).lexically_normal());
      std::string r = rel.generic_string();
      if (!r.empty() && r != "." && !r.starts_with("..")) return {percent_encode_path(r), true};
    }
    return {"file://" + percent_encode_path(normal_generic(path)), false};
  }
  std::string r = normal_generic(path);
  if (r.starts_with("./")) r.erase(0, 2);
  if (r.empty() || r == ".") r = "./";
  return {percent_encode_path(r), true};
}

}  // namespace sg::report
