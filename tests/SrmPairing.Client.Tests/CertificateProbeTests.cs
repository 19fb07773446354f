using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Srm.Client.Certificates;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>The certificate probe against loopback listeners: a TLS server with a self-signed certificate, a plain-text server, a silent one, none.</summary>
    public class CertificateProbeTests
    {
        private static TcpListener Listen()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }

        private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>Accepts one client, makes the TLS handshake and returns what the client sent after it.</summary>
        private static async Task<string> ServeTlsOnce(TcpListener listener, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
        {
            using var tcp = await listener.AcceptTcpClientAsync();
            using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsServerAsync(certificate, false, false);
            var buffer = new byte[4096];
            var text = new StringBuilder();
            try
            {
                int read;
                while ((read = await tls.ReadAsync(buffer)) > 0)
                {
                    text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
            catch (IOException)
            {
                // The client closed without close_notify.
            }

            return text.ToString();
        }

        [Fact]
        public async Task Reads_the_certificate_and_sends_nothing_after_the_handshake()
        {
            using var cert = TestCertificates.Create("CN=psc-loopback.test", "psc-loopback.test");
            var listener = Listen();
            try
            {
                var served = ServeTlsOnce(listener, cert);

                var info = await CertificateProbe.ProbeAsync("127.0.0.1", PortOf(listener), TimeSpan.FromSeconds(10), CancellationToken.None);

                Assert.Equal("127.0.0.1", info.Server);
                Assert.Equal(PortOf(listener), info.Port);
                Assert.Equal("CN=psc-loopback.test", info.Subject);
                Assert.True(info.IsSelfSigned);
                Assert.False(info.IsTrusted);
                Assert.Equal(Thumbprint.Format(SHA1.HashData(cert.RawData)), info.Sha1Thumbprint);
                Assert.Equal(Thumbprint.Format(SHA256.HashData(cert.RawData)), info.Sha256Thumbprint);
                Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA256), info.Sha256Thumbprint.Replace(":", string.Empty));
                Assert.Equal(new[] { "psc-loopback.test", "127.0.0.1" }, info.SubjectAlternativeNames);
                Assert.True(info.Matches(cert.Thumbprint.ToLowerInvariant()));
                Assert.True(info.Matches(info.Sha256Thumbprint));
                Assert.Equal(string.Empty, await served.WaitAsync(TimeSpan.FromSeconds(10)));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task A_refused_port_is_ConnectionFailed()
        {
            var listener = Listen();
            var port = PortOf(listener);
            listener.Stop();

            var error = await Assert.ThrowsAsync<SrmApiException>(() => CertificateProbe.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None));

            Assert.Equal(SrmErrorKind.ConnectionFailed, error.Kind);
            Assert.Contains("127.0.0.1:" + port, error.Message);
            Assert.Contains("refused", error.Message);
        }

        [Fact]
        public async Task A_plain_text_server_is_a_TLS_handshake_failure()
        {
            var listener = Listen();
            try
            {
                var served = Task.Run(async () =>
                {
                    using var tcp = await listener.AcceptTcpClientAsync();
                    var stream = tcp.GetStream();
                    _ = await stream.ReadAsync(new byte[1024]);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
                });

                var error = await Assert.ThrowsAsync<SrmTlsHandshakeException>(() =>
                    CertificateProbe.ProbeAsync("127.0.0.1", PortOf(listener), TimeSpan.FromSeconds(10), CancellationToken.None));

                Assert.Contains("did not answer with a TLS handshake", error.Message);
                Assert.Equal(PortOf(listener), error.Port);
                await served.WaitAsync(TimeSpan.FromSeconds(5));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task A_silent_server_times_out()
        {
            var listener = Listen();
            try
            {
                var error = await Assert.ThrowsAsync<SrmApiException>(() =>
                    CertificateProbe.ProbeAsync("127.0.0.1", PortOf(listener), TimeSpan.FromMilliseconds(300), CancellationToken.None));

                Assert.Equal(SrmErrorKind.Timeout, error.Kind);
                Assert.Contains("did not complete a TLS handshake", error.Message);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task Cancellation_ends_the_probe_at_once()
        {
            var listener = Listen();
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                var started = DateTime.UtcNow;

                await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                    CertificateProbe.ProbeAsync("127.0.0.1", PortOf(listener), TimeSpan.FromSeconds(30), cts.Token));

                Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void Subject_alternative_names_parse_DNS_and_IP_entries_and_ignore_others()
        {
            // SEQUENCE { [2] "a.test", [1] "x@y", [7] 10.0.0.1 }
            var der = new byte[] { 0x30, 0x13, 0x82, 0x06, (byte)'a', (byte)'.', (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0x81, 0x03, (byte)'x', (byte)'@', (byte)'y', 0x87, 0x04, 10, 0, 0, 1 };

            Assert.Equal(new[] { "a.test", "10.0.0.1" }, SubjectAlternativeNameReader.Parse(der));
            Assert.Empty(SubjectAlternativeNameReader.Parse(new byte[] { 0x30, 0x7F }));
        }
    }
}
