// DATABASE_URL handling for the live commands: TLS parameters reach libpq as written (checked against a
// real PostgreSQL 15 serving TLS with a certificate of its own CA), and no password or key passphrase
// appears in any output, error or report, whatever the format.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/live/database_url.hpp"
#include "support/pg_cluster.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using sg::live::parse_database_url;
using sg::test::run_cli;
using sg::test::TempDir;
using sg::test::write_file;

TEST(LiveUrl, TlsParametersAreKeptAndPrismaOnesRemoved) {
  auto u = parse_database_url(
      "postgresql://app:s3cret@db.example:5432/prod?schema=billing&sslmode=verify-full&sslrootcert=/etc/ca.pem"
      "&sslcert=/etc/client.crt&sslkey=/etc/client.key&connection_limit=5&sslaccept=strict");
  EXPECT_EQ(u.schema, "billing");
  EXPECT_EQ(u.conninfo,
            "postgresql://app:s3cret@db.example:5432/prod?sslmode=verify-full&sslrootcert=/etc/ca.pem"
            "&sslcert=/etc/client.crt&sslkey=/etc/client.key");
  EXPECT_EQ(u.redacted,
            "postgresql://app:****@db.example:5432/prod?sslmode=verify-full&sslrootcert=/etc/ca.pem"
            "&sslcert=/etc/client.crt&sslkey=/etc/client.key");
}

TEST(LiveUrl, PasswordsAndKeyPassphrasesAreSecretsInBothForms) {
  auto url = parse_database_url("postgres://app@h/db?password=p%40ss&sslpassword=K3y-Phrase&sslmode=require");
  EXPECT_EQ(url.redacted, "postgres://app@h/db?password=****&sslpassword=****&sslmode=require");
  EXPECT_EQ(url.redact("bad passphrase K3y-Phrase for p@ss"), "bad passphrase **** for ****");

  auto kw = parse_database_url("host=h dbname=db password='it\\'s' sslpassword=K3y-Phrase sslmode=require");
  EXPECT_EQ(kw.redacted, "host=h dbname=db password=**** sslpassword=**** sslmode=require");
  EXPECT_NE(kw.conninfo.find("sslpassword=K3y-Phrase"), std::string::npos);
}

// One cluster for every check below: under ctest each test is a process of its own, and each cluster
// costs an initdb.
TEST(LiveUrl, TlsParametersReachLibpqAndNoSecretIsPrinted) {
  sg::test::PgCluster cluster({.tls = true});
  if (!cluster.running()) GTEST_SKIP() << "PostgreSQL 15 test cluster with TLS unavailable: " << cluster.why_not();
  const std::string password = "Tls-Horse-Battery", passphrase = "Key-Phrase-Staple";
  ASSERT_TRUE(cluster.create_database("sg_tls"));
  ASSERT_TRUE(cluster.exec("postgres", "CREATE ROLE sg_tls_user LOGIN PASSWORD '" + password + "'").ok);
  // This role must come over TLS and give its password.
  ASSERT_TRUE(cluster.prepend_hba("hostnossl all sg_tls_user 127.0.0.1/32 reject\n"
                                  "hostssl all sg_tls_user 127.0.0.1/32 scram-sha-256\n"));
  TempDir dir;
  const fs::path root = dir.path() / "prisma/migrations";
  write_file(root / "migration_lock.toml", "provider = \"postgresql\"\n");
  write_file(root / "20240101000000_init/migration.sql", "CREATE TABLE \"User\" (\"id\" SERIAL PRIMARY KEY);\n");
  ASSERT_TRUE(sg::test::make_certificate_authority(dir.path() / "other-ca"));

  const std::string base = "postgresql://sg_tls_user:" + password + "@127.0.0.1:" + std::to_string(cluster.port()) + "/sg_tls";
  auto run = [&](std::vector<std::string> args, const std::string& url) {
    args.insert(args.end(), {"--database-url", url, "--migrations", root.string(), "--color", "never"});
    sg::test::RunResult r = run_cli(args);
    for (const std::string& secret : {password, passphrase})
      EXPECT_EQ((r.out + r.err).find(secret), std::string::npos) << "secret printed by " << args[0] << ":\n" << r.out << r.err;
    return r;
  };

  // The server's certificate checks out against its CA, for the address in the URL.
  auto verified = run({"status"}, base + "?sslmode=verify-full&sslrootcert=" + cluster.ca_file().string());
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("no _prisma_migrations"), std::string::npos) << verified.out;

  // Another CA: libpq refuses the server, and says why.
  auto untrusted = run({"status"}, base + "?sslmode=verify-full&sslrootcert=" + (dir.path() / "other-ca/ca.crt").string());
  EXPECT_EQ(untrusted.exit_code, 2) << untrusted.out << untrusted.err;
  EXPECT_NE(untrusted.err.find("certificate verify failed"), std::string::npos) << untrusted.err;
  EXPECT_NE(untrusted.err.find("sg_tls_user:****@"), std::string::npos) << untrusted.err;

  // sslmode=disable is honoured: without TLS this role is rejected.
  auto plain = run({"status"}, base + "?sslmode=disable");
  EXPECT_EQ(plain.exit_code, 2) << plain.out << plain.err;
  EXPECT_NE(plain.err.find("no encryption"), std::string::npos) << plain.err;

  // A key passphrase is as secret as the password, also next to Prisma's own parameters.
  auto with_passphrase = run({"status"}, base + "?sslmode=require&sslpassword=" + passphrase + "&schema=public&connection_limit=1");
  EXPECT_EQ(with_passphrase.exit_code, 0) << with_passphrase.out << with_passphrase.err;

  // The keyword form of the connection string works the same.
  auto keywords = run({"status"}, "host=127.0.0.1 port=" + std::to_string(cluster.port()) +
                                      " dbname=sg_tls user=sg_tls_user password=" + password +
                                      " sslmode=verify-full sslrootcert=" + cluster.ca_file().string());
  EXPECT_EQ(keywords.exit_code, 0) << keywords.out << keywords.err;

  // A wrong password over TLS: a clear error, exit 2.
  std::string wrong = base;
  wrong.replace(wrong.find(password), password.size(), passphrase);
  auto denied = run({"status"}, wrong + "?sslmode=require");
  EXPECT_EQ(denied.exit_code, 2) << denied.out << denied.err;
  EXPECT_NE(denied.err.find("password authentication failed"), std::string::npos) << denied.err;

  // Every report format of the pre-deploy gate, written to a file, and the text on stdout (with the
  // summary that names the database).
  const std::string url = base + "?sslmode=require&sslpassword=" + passphrase;
  auto gate = run({"gate"}, url);
  EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
  EXPECT_NE(gate.out.find("sg_tls_user:****@"), std::string::npos) << gate.out;
  for (const std::string format : {"text", "json", "sarif", "github"}) {
    const fs::path report = dir.path() / ("gate." + format);
    auto to_file = run({"gate", "--format", format, "--output", report.string()}, url);
    EXPECT_EQ(to_file.exit_code, 0) << format << to_file.err;
    const std::string written = sg::test::read_file(report);
    EXPECT_FALSE(written.empty()) << format;
    for (const std::string& secret : {password, passphrase})
      EXPECT_EQ(written.find(secret), std::string::npos) << format << ":\n" << written;
  }
}

}  // namespace
