using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class ThumbprintTests
    {
        private const string Sha1 = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
        private const string Sha256 = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";

        [Theory]
        [InlineData(Sha1, Sha1)]
        [InlineData("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", Sha1)]
        [InlineData("A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:12:34:56:78", Sha1)]
        [InlineData("a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 12 34 56 78", Sha1)]
        [InlineData("A1-B2-C3-D4-E5-F6-07-18-29-3A-4B-5C-6D-7E-8F-90-12-34-56-78", Sha1)]
        [InlineData("  A1B2C3D4E5F60718293A4B5C6D7E8F9012345678\t", Sha1)]
        [InlineData(Sha256, Sha256)]
        [InlineData("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:Aa:bB:cc:dd:ee:ff", Sha256)]
        public void Normalize_accepts_sha1_and_sha256_in_any_case_and_separator(string text, string expected)
        {
            Assert.Equal(expected, Thumbprint.Normalize(text));
        }

        [Theory]
        [InlineData("A1B2C3D4E5F60718293A4B5C6D7E8F901234567")]       // 39 digits
        [InlineData("A1B2C3D4E5F60718293A4B5C6D7E8F90123456789")]     // 41 digits
        [InlineData("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEE")] // 62 digits
        [InlineData("00112233445566778899AABBCCDDEEFF")]               // 32 digits (MD5 length)
        [InlineData("G1B2C3D4E5F60718293A4B5C6D7E8F9012345678")]      // G is not hex
        [InlineData("A1B2C3D4E5F60718293A4B5C6D7E8F90123456.8")]      // '.' is no separator
        [InlineData("A1;B2;C3;D4;E5;F6;07;18;29;3A;4B;5C;6D;7E;8F;90;12;34;56;78")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        public void Normalize_refuses_bad_length_or_characters(string? text)
        {
            Assert.Throws<ArgumentException>(() => Thumbprint.Normalize(text!));
        }

        [Fact]
        public void Format_gives_the_colon_form()
        {
            Assert.Equal("00:0A:FF:7B", Thumbprint.Format(new byte[] { 0x00, 0x0a, 0xff, 0x7b }));
        }

        [Fact]
        public void Sha1_and_sha256_are_the_certificate_hashes_in_colon_form()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");

            Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA1), Thumbprint.Sha1(cert).Replace(":", ""));
            Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA256), Thumbprint.Sha256(cert).Replace(":", ""));
            Assert.Equal(20 * 3 - 1, Thumbprint.Sha1(cert).Length);
            Assert.Equal(32 * 3 - 1, Thumbprint.Sha256(cert).Length);
        }

        [Fact]
        public void Matches_the_certificates_own_thumbprints_in_any_form()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            var sha1 = cert.GetCertHashString(HashAlgorithmName.SHA1);
            var sha256 = cert.GetCertHashString(HashAlgorithmName.SHA256);

            Assert.True(Thumbprint.Matches(cert, sha1));
            Assert.True(Thumbprint.Matches(cert, sha1.ToLowerInvariant()));
            Assert.True(Thumbprint.Matches(cert, sha256));
            Assert.True(Thumbprint.Matches(cert, Thumbprint.Sha256(cert).ToLowerInvariant()));
            Assert.True(Thumbprint.Matches(cert, string.Join(" ", Thumbprint.Sha1(cert).Split(':'))));
        }

        [Fact]
        public void Does_not_match_another_certificates_thumbprints()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            using var other = TestCertificates.Create("CN=srm-a.example.com");

            Assert.False(Thumbprint.Matches(cert, other.GetCertHashString(HashAlgorithmName.SHA1)));
            Assert.False(Thumbprint.Matches(cert, other.GetCertHashString(HashAlgorithmName.SHA256)));
        }

        [Fact]
        public void Matches_refuses_a_malformed_expected_thumbprint()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            Assert.Throws<ArgumentException>(() => Thumbprint.Matches(cert, "ABCD"));
        }
    }

    internal static class TestCertificates
    {
        /// <summary>A fresh self-signed certificate with a private key (usable by an SslStream server).</summary>
        public static X509Certificate2 Create(string subject, string? dnsName = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName ?? "localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            // A round trip through PKCS#12 gives a key every platform's TLS stack can use.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }
    }
}
