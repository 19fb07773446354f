using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Srm.Client.Tests
{
    /// <summary>
    /// A TLS server on 127.0.0.1 for one connection, with a given (self-signed) certificate: it reads one request
    /// head and answers 200 with a session id, or, stalling, never answers until disposed.
    /// </summary>
    internal sealed class OneShotTlsServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly bool _stall;
        private readonly TaskCompletionSource<bool> _released = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public OneShotTlsServer(X509Certificate2 certificate, bool stall = false)
        {
            _certificate = certificate;
            _stall = stall;
            _listener.Start();
            Served = Task.Run(ServeAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The request head the server read, or null when the handshake failed.</summary>
        public Task<string?> Served { get; }

        /// <summary>Set when a stalling server has read a request head.</summary>
        public TaskCompletionSource<bool> RequestRead { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            _released.TrySetResult(true);
            _listener.Stop();
        }

        private async Task<string?> ServeAsync()
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

            if (_stall)
            {
                RequestRead.TrySetResult(true);
                await _released.Task;
                return head.ToString();
            }

            var body = Encoding.UTF8.GetBytes("{\"session_id\":\"" + TestData.SessionId + "\"}");
            var response = Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
            await tls.WriteAsync(response);
            await tls.WriteAsync(body);
            await tls.FlushAsync();
            return head.ToString();
        }
    }
}
