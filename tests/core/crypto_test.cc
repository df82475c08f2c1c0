#include "core/crypto.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }
};

TEST_F(CryptoTest, PasswordHashIsArgon2idAndVerifies) {
  const std::string hash = HashPassword("Correct-horse-1");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(hash, "Correct-horse-1"));
  EXPECT_FALSE(VerifyPassword(hash, "correct-horse-1"));
}

TEST_F(CryptoTest, FieldCipherRoundTripsAndHidesPlainText) {
  FieldCipher cipher(FieldCipher::GenerateKey());
  const std::string sealed = cipher.Encrypt("320115199001011234");
  EXPECT_EQ(sealed.find("320115"), std::string::npos);
  EXPECT_NE(sealed, cipher.Encrypt("320115199001011234"))
      << "each encryption uses a fresh nonce";
  auto plain = cipher.Decrypt(sealed);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, "320115199001011234");
  EXPECT_EQ(cipher.Encrypt(""), "");
}

TEST_F(CryptoTest, OtherKeyCannotDecryptAndIndexesDiffer) {
  FieldCipher a(FieldCipher::GenerateKey());
  FieldCipher b(FieldCipher::GenerateKey());
  EXPECT_FALSE(b.Decrypt(a.Encrypt("13812341234")));
  EXPECT_EQ(a.BlindIndex("x"), a.BlindIndex("x"));
  EXPECT_NE(a.BlindIndex("x"), b.BlindIndex("x"));
}

TEST_F(CryptoTest, KeysParseFromHexAndBase64) {
  const auto key = FieldCipher::GenerateKey();
  auto hex = FieldCipher::ParseKey(FieldCipher::KeyToHex(key) + "\n");
  ASSERT_TRUE(hex);
  EXPECT_EQ(*hex, key);
  auto b64 =
      FieldCipher::ParseKey(Base64Encode(std::string(key.begin(), key.end())));
  ASSERT_TRUE(b64);
  EXPECT_EQ(*b64, key);
  EXPECT_FALSE(FieldCipher::ParseKey("too short"));
}

TEST_F(CryptoTest, TokensAreLongAndDistinct) {
  const std::string a = RandomToken(), b = RandomToken();
  EXPECT_GE(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(DigestHex("x").size(), 64u);
}

}  // namespace
}  // namespace wangge
