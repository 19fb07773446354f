using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>
    /// The certificate policy as wired into the client's real HTTP handler, against a one-shot TLS server on
    /// 127.0.0.1 with a self-signed certificate.
    /// </summary>
    public class TlsLoopbackTests
    {
        private static async Task<(SrmApiException? Error, string? Head)> Login(X509Certificate2 serverCertificate, SrmClientOptions options)
        {
            using var server = new OneShotTlsServer(serverCertificate);
            options.MaxRequestsPerMinute = 0;
            options.MaximumRetryCount = 0;
            options.RequestTimeout = TimeSpan.FromSeconds(10);
            using var client = new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), options);
            SrmApiException? error = null;
            try
            {
                await client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (SrmApiException ex)
            {
                error = ex;
            }

            var head = await server.Served.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(error == null, client.HasSession);
            return (error, head);
        }

        [Fact]
        public async Task Default_refuses_a_self_signed_certificate_before_sending_anything()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");

            var (error, head) = await Login(cert, new SrmClientOptions());

            Assert.NotNull(error);
            Assert.Equal(SrmErrorKind.CertificateNotTrusted, error.Kind);
            Assert.Contains(Thumbprint.Sha256(cert), error.Message);
            Assert.Contains("CN=srm-loopback.test", error.Message);
            Assert.Contains("Nothing was sent", error.Message);
            Assert.Null(head);
        }

        [Theory]
        [InlineData("sha1")]
        [InlineData("sha256")]
        public async Task A_pinned_certificate_is_trusted(string form)
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            var pin = form == "sha1" ? cert.GetCertHashString(HashAlgorithmName.SHA1) : Thumbprint.Sha256(cert).ToLowerInvariant();

            var (error, head) = await Login(cert, new SrmClientOptions { CertificateThumbprint = pin });

            Assert.Null(error);
            Assert.StartsWith("POST /api/rest/srm/v2/session HTTP/1.1", head, StringComparison.Ordinal);
            Assert.Contains("Authorization: Basic ", head);
        }

        [Fact]
        public async Task A_different_pinned_certificate_is_refused()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var other = TestCertificates.Create("CN=srm-loopback.test");

            var (error, head) = await Login(cert, new SrmClientOptions { CertificateThumbprint = Thumbprint.Sha256(other) });

            Assert.Equal(SrmErrorKind.CertificateNotTrusted, error?.Kind);
            Assert.NotNull(error);
            Assert.Contains("does not match", error.Message);
            Assert.Contains(Thumbprint.Sha256(cert), error.Message);
            Assert.Null(head);
        }

        [Fact]
        public async Task Skip_certificate_check_trusts_anything()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");

            var (error, head) = await Login(cert, new SrmClientOptions { SkipCertificateCheck = true });

            Assert.Null(error);
            Assert.NotNull(head);
        }
    }
}
