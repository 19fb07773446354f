using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Srm.Client.Certificates
{
    /// <summary>
    /// Reads the DNS names and IP addresses of a certificate's subject alternative name extension (2.5.29.17) from its
    /// DER encoding: netstandard2.0 has no reader for it, and the text form of the extension differs between platforms.
    /// </summary>
    internal static class SubjectAlternativeNameReader
    {
        private const string SanOid = "2.5.29.17";

        internal static IReadOnlyList<string> Read(X509Certificate2 certificate)
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value == SanOid)
                {
                    return Parse(extension.RawData);
                }
            }

            return new string[0];
        }

        /// <summary>GeneralNames ::= SEQUENCE OF GeneralName; dNSName is [2] IA5String, iPAddress [7] OCTET STRING.</summary>
        internal static IReadOnlyList<string> Parse(byte[] der)
        {
            var names = new List<string>();
            var position = 0;
            if (der == null || !TryReadHeader(der, ref position, out var tag, out var length) || tag != 0x30 || position + length > der.Length)
            {
                return names;
            }

            var end = position + length;
            while (position < end)
            {
                if (!TryReadHeader(der, ref position, out tag, out length) || position + length > end)
                {
                    break;
                }

                if (tag == 0x82)
                {
                    names.Add(Encoding.ASCII.GetString(der, position, length));
                }
                else if (tag == 0x87 && (length == 4 || length == 16))
                {
                    var bytes = new byte[length];
                    System.Array.Copy(der, position, bytes, 0, length);
                    names.Add(new IPAddress(bytes).ToString());
                }

                position += length;
            }

            return names;
        }

        private static bool TryReadHeader(byte[] der, ref int position, out int tag, out int length)
        {
            tag = 0;
            length = 0;
            if (position + 2 > der.Length)
            {
                return false;
            }

            tag = der[position++];
            int first = der[position++];
            if (first < 0x80)
            {
                length = first;
                return true;
            }

            var count = first & 0x7F;
            if (count == 0 || count > 3 || position + count > der.Length)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | der[position++];
            }

            return true;
        }
    }
}
