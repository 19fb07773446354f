using System;

namespace Srm.Client.Certificates
{
    /// <summary>A server accepted the TCP connection but no TLS handshake followed: most likely not a TLS port.</summary>
    public sealed class SrmTlsHandshakeException : Exception
    {
        public SrmTlsHandshakeException(string server, int port, string message, Exception innerException = null)
            : base(message, innerException)
        {
            Server = server;
            Port = port;
        }

        public string Server { get; }

        public int Port { get; }
    }
}
