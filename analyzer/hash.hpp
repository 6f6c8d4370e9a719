#pragma once
#include <string>
#include <string_view>

namespace sg {
// Lowercase hex SHA-256 (OpenSSL EVP), as Prisma stores migration checksums.
std::string sha256_hex(std::string_view bytes);
}  // namespace sg
