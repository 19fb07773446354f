using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SrmPairing.Http;

namespace SrmPairing.Client.Tests
{
    /// <summary>
    /// The certificate policy as wired into the client's real HTTP handler, against a one-shot TLS server on
    /// 127.0.0.1 with a self-signed certificate.
    /// </summary>
    public class TlsLoopbackTests
    {
        private sealed class OneShotTlsServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly X509Certificate2 _certificate;

            public OneShotTlsServer(X509Certificate2 certificate)
            {
                _certificate = certificate;
                _listener.Start();
                Served = Task.Run(ServeAsync);
            }

            public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

            /// <summary>The request head the server read, or null when the handshake failed.</summary>
            public Task<string> Served { get; }

            private async Task<string> ServeAsync()
            {
                using var tcp = await _listener.AcceptTcpClientAsync();
                using var tls = new SslStream(tcp.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(_certificate, false, false);
                }
                catch (Exception)
                {
                    // The client refused the certificate: the handshake failed and no request arrived.
                    return null;
                }

                // With TLS 1.3 the server's side of the handshake can finish before the client judges the
                // certificate; a refusal then shows up here as a closed or reset connection without a request.
                var head = new StringBuilder();
                var buffer = new byte[4096];
                try
                {
                    while (!head.ToString().Contains("\r\n\r\n"))
                    {
                        var read = await tls.ReadAsync(buffer);
                        if (read == 0)
                        {
                            break;
                        }

                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                }
                catch (Exception)
                {
                    // Reset by the client.
                }

                if (head.Length == 0)
                {
                    return null;
                }

                var body = Encoding.UTF8.GetBytes("{\"session_id\":\"" + TestData.SessionId + "\"}");
                var response = Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                await tls.WriteAsync(response);
                await tls.WriteAsync(body);
                await tls.FlushAsync();
                return head.ToString();
            }

            public void Dispose() => _listener.Stop();
        }

        private static async Task<(SrmApiException Error, string Head)> Login(X509Certificate2 serverCertificate, SrmClientOptions options)
        {
            using var server = new OneShotTlsServer(serverCertificate);
            options.MaxRequestsPerMinute = 0;
            options.MaximumRetryCount = 0;
            options.RequestTimeout = TimeSpan.FromSeconds(10);
            using var client = new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), options);
            SrmApiException error = null;
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
