using System.Net.Security;
using System.Security.Cryptography;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class CertificatePolicyTests
    {
        [Fact]
        public void Default_accepts_a_certificate_the_platform_trusts()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            var policy = new CertificatePolicy(false, null);

            Assert.True(policy.Validate(cert, SslPolicyErrors.None));
            Assert.Null(policy.LastRefused);
        }

        [Theory]
        [InlineData(SslPolicyErrors.RemoteCertificateChainErrors)]
        [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch)]
        public void Default_refuses_a_self_signed_certificate_and_records_subject_and_sha256(SslPolicyErrors errors)
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com, O=Test");
            var policy = new CertificatePolicy(false, null);

            Assert.False(policy.Validate(cert, errors));

            var refused = policy.LastRefused;
            Assert.NotNull(refused);
            Assert.Equal(cert.Subject, refused.Subject);
            Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA256), refused.Sha256?.Replace(":", ""));
            Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA1), refused.Sha1?.Replace(":", ""));
            Assert.Equal(errors, refused.Errors);
            Assert.False(refused.PinMismatch);
        }

        [Fact]
        public void Refusal_description_names_the_certificate_and_how_to_trust_it()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            var policy = new CertificatePolicy(false, null);
            policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors);

            var refused = policy.LastRefused;
            Assert.NotNull(refused);
            var text = refused.Describe("srm-a.example.com");

            Assert.Contains("srm-a.example.com", text);
            Assert.Contains("CN=srm-a.example.com", text);
            Assert.Contains(Thumbprint.Sha256(cert), text);
            Assert.Contains("ChainErrors", text);
            Assert.Contains("-CertificateThumbprint", text);
            Assert.Contains("Nothing was sent", text);
        }

        [Fact]
        public void Missing_certificate_is_refused()
        {
            var policy = new CertificatePolicy(false, null);

            Assert.False(policy.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable));
            Assert.NotNull(policy.LastRefused);
            Assert.Null(policy.LastRefused.Subject);
            Assert.Contains("no TLS certificate", policy.LastRefused.Describe("srm-a"));
        }

        [Theory]
        [InlineData("sha1")]
        [InlineData("sha256")]
        [InlineData("sha256-colons-lower")]
        public void Pinning_accepts_the_pinned_certificate_despite_chain_errors(string form)
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            var pin = form switch
            {
                "sha1" => cert.GetCertHashString(HashAlgorithmName.SHA1),
                "sha256" => cert.GetCertHashString(HashAlgorithmName.SHA256),
                _ => Thumbprint.Sha256(cert).ToLowerInvariant(),
            };
            var policy = new CertificatePolicy(false, pin);

            Assert.True(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.Null(policy.LastRefused);
        }

        [Theory]
        [InlineData("sha1")]
        [InlineData("sha256")]
        public void Pinning_refuses_another_certificate_even_one_the_platform_trusts(string form)
        {
            using var pinned = TestCertificates.Create("CN=srm-a.example.com");
            using var other = TestCertificates.Create("CN=srm-a.example.com");
            var pin = form == "sha1" ? pinned.GetCertHashString(HashAlgorithmName.SHA1) : pinned.GetCertHashString(HashAlgorithmName.SHA256);
            var policy = new CertificatePolicy(false, pin);

            Assert.False(policy.Validate(other, SslPolicyErrors.None));
            Assert.NotNull(policy.LastRefused);
            Assert.True(policy.LastRefused.PinMismatch);
            Assert.Equal(other.GetCertHashString(HashAlgorithmName.SHA256), policy.LastRefused.Sha256?.Replace(":", ""));
            Assert.Contains("does not match", policy.LastRefused.Describe("srm-a"));
        }

        [Fact]
        public void Skip_accepts_anything()
        {
            using var cert = TestCertificates.Create("CN=whatever");
            var policy = new CertificatePolicy(true, null);

            Assert.True(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.True(policy.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable));
            Assert.Null(policy.LastRefused);
        }

        [Fact]
        public void A_malformed_pin_is_refused_up_front()
        {
            Assert.Throws<ArgumentException>(() => new CertificatePolicy(false, "not-a-thumbprint"));
        }

        [Fact]
        public void A_blank_pin_means_no_pin()
        {
            using var cert = TestCertificates.Create("CN=srm-a.example.com");
            var policy = new CertificatePolicy(false, "  ");

            Assert.False(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors));
            Assert.True(policy.Validate(cert, SslPolicyErrors.None));
        }
    }
}
