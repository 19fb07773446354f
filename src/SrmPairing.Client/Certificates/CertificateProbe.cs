using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Certificates
{
    /// <summary>Reads a server's TLS certificate; the signature <see cref="CertificateProbe.ProbeAsync"/> has, so tests can stand in.</summary>
    public delegate Task<SrmCertificateInfo> CertificateProbeFunc(string host, int port, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the certificate a server presents in a TLS handshake, without trusting it: a TCP connection, the
    /// handshake with a validation callback that keeps the certificate and accepts it, then close. No HTTP request
    /// and no credential is ever sent, so an untrusted server learns nothing but that someone looked.
    /// </summary>
    public static class CertificateProbe
    {
        /// <summary>How long the connection and the handshake may take together when no time limit is given: 15 s.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

        /// <summary>The probe as a <see cref="CertificateProbeFunc"/>.</summary>
        public static readonly CertificateProbeFunc Default = ProbeAsync;

        /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and returns the certificate it presents.</summary>
        /// <exception cref="SrmApiException">ConnectionFailed (unresolvable, refused, reset) or Timeout.</exception>
        /// <exception cref="SrmTlsHandshakeException">The server answered, but not with a TLS handshake.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static async Task<SrmCertificateInfo> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(host))
            {
                throw new ArgumentException("The host name is empty.", nameof(host));
            }

            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "The port is not between 1 and 65535.");
            }

            if (timeout <= TimeSpan.Zero)
            {
                timeout = DefaultTimeout;
            }

            host = host.Trim();
            var label = host.IndexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
            cancellationToken.ThrowIfCancellationRequested();

            using (var timeoutSource = new CancellationTokenSource(timeout))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token))
            using (var tcp = new TcpClient())
            // Neither ConnectAsync nor AuthenticateAsClientAsync takes a token on netstandard2.0: closing the socket
            // is what ends them when Ctrl+C or the timeout comes.
            using (linked.Token.Register(() => tcp.Dispose()))
            {
                var connected = false;
                X509Certificate2? captured = null;
                var policyErrors = SslPolicyErrors.None;
                try
                {
                    await tcp.ConnectAsync(host, port).ConfigureAwait(false);
                    connected = true;
                    using (var tls = new SslStream(tcp.GetStream(), false, (sender, certificate, chain, errors) =>
                           {
                               if (certificate != null)
                               {
                                   captured = new X509Certificate2(certificate);
                                   policyErrors = errors;
                               }

                               return true;
                           }))
                    {
                        await tls.AuthenticateAsClientAsync(host).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || linked.IsCancellationRequested)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }

                    if (captured == null)
                    {
                        throw Describe(ex, host, port, label, connected, timeoutSource.IsCancellationRequested, timeout);
                    }

                    // The certificate arrived; whatever ended the handshake after that does not matter here.
                }

                if (captured == null)
                {
                    throw new SrmTlsHandshakeException(host, port,
                        $"{label} completed a TLS handshake without presenting a certificate.");
                }

                using (captured)
                {
                    var info = new SrmCertificateInfo(host, port, captured, policyErrors);
                    return info;
                }
            }
        }

        private static Exception Describe(Exception ex, string host, int port, string label, bool connected, bool timedOut, TimeSpan timeout)
        {
            var seconds = timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            if (timedOut)
            {
                return new SrmApiException(SrmErrorKind.Timeout, "TLS", label, connected
                    ? $"{label} accepted a TCP connection but did not complete a TLS handshake within {seconds} s. Is it a TLS (https) port?"
                    : $"{label} could not be reached within {seconds} s.", innerException: ex);
            }

            if (!connected)
            {
                var socket = FindSocketException(ex);
                string reason;
                switch (socket?.SocketErrorCode)
                {
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        reason = $"the name '{host}' could not be resolved";
                        break;
                    case SocketError.ConnectionRefused:
                        reason = $"nothing listens on port {port} (connection refused)";
                        break;
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkUnreachable:
                        reason = "there is no route to it";
                        break;
                    default:
                        reason = socket?.Message ?? ex.Message;
                        break;
                }

                return new SrmApiException(SrmErrorKind.ConnectionFailed, "TLS", label, $"{label} could not be reached: {reason}.", innerException: ex);
            }

            if (ex is AuthenticationException || ex is IOException || ex is ObjectDisposedException || ex is SocketException)
            {
                var detail = (ex.InnerException ?? ex).Message.TrimEnd('.');
                return new SrmTlsHandshakeException(host, port,
                    $"{label} accepted a TCP connection but did not answer with a TLS handshake ({detail}). Is it a TLS (https) port?", ex);
            }

            return new SrmTlsHandshakeException(host, port, $"The TLS handshake with {label} failed: {ex.Message}", ex);
        }

        private static SocketException? FindSocketException(Exception ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket;
                }
            }

            return null;
        }
    }
}
