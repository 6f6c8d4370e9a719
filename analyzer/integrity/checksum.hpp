#pragma once
// Migration checksums compared exactly the way Prisma Migrate compares them, so that schemagate calls a
// migration "edited" only when Prisma would (spec/prisma-migrations-table.md, "Checksum").
#include <string>
#include <string_view>

namespace sg::integrity {

// Old Prisma versions printed each digest byte in hex without zero padding (0x0a -> "a"); a stored checksum
// that is not 64 characters long is in that form. Turns a 64-character lowercase hex digest into it.
std::string legacy_checksum_form(std::string_view hex_digest);

// True when `stored` (a `_prisma_migrations.checksum` or a recorded sum) is the checksum of `file_bytes` as
// is, of the file with CRLF turned into LF, or of the file with LF turned into CRLF (Git's autocrlf must not
// make a migration look edited). Legacy-form checksums are compared in their own form.
bool checksum_matches(std::string_view stored, std::string_view file_bytes);

// Line-ending variants Prisma accepts.
std::string crlf_to_lf(std::string_view bytes);
std::string lf_to_crlf(std::string_view bytes);

}  // namespace sg::integrity
