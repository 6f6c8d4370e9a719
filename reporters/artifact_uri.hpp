#pragma once
// Paths as SARIF artifact URIs: relative references under %SRCROOT% where possible (what GitHub code
// scanning maps onto the checkout), absolute file:// URIs otherwise.
#include <string>
#include <string_view>

namespace sg::report {

struct ArtifactUri {
  std::string uri;
  bool relative = true;  // true: resolve against %SRCROOT%
};

// `path` as reports print it; `base` is the working directory the relative paths start from.
ArtifactUri artifact_uri(std::string_view path, std::string_view base);

// file:///abs/dir/ for a directory, with the trailing slash SARIF requires of a base URI.
std::string directory_uri(std::string_view absolute_dir);

// RFC 3986 percent-encoding of a path: unreserved characters and '/' stay, every other byte is %XX.
std::string percent_encode_path(std::string_view path);

}  // namespace sg::report
