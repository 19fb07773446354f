using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace Srm.Client.Http
{
    /// <summary>
    /// A user name and a password kept as a read-only SecureString. The plaintext exists only inside
    /// <see cref="UsePassword{T}"/>, while a request is being written, in an array that is cleared afterwards.
    /// </summary>
    public sealed class SrmCredential
    {
        private readonly SecureString _password;

        public SrmCredential(string userName, SecureString password)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw new ArgumentException("The user name is empty.", nameof(userName));
            }

            UserName = userName;
            _password = password?.Copy() ?? new SecureString();
            _password.MakeReadOnly();
        }

        public string UserName { get; }

        /// <summary>Calls <paramref name="use"/> with the password's characters and clears them when it returns.</summary>
        internal T UsePassword<T>(Func<char[], T> use)
        {
            var chars = new char[_password.Length];
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(_password);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return use(chars);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }

                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>The value of an HTTP Basic Authorization header for this credential.</summary>
        internal string ToBasicAuthorizationParameter()
        {
            return UsePassword(password =>
            {
                var user = UserName.ToCharArray();
                var pair = new char[user.Length + 1 + password.Length];
                byte[] bytes = null;
                try
                {
                    Array.Copy(user, pair, user.Length);
                    pair[user.Length] = ':';
                    Array.Copy(password, 0, pair, user.Length + 1, password.Length);
                    bytes = Encoding.UTF8.GetBytes(pair);
                    return Convert.ToBase64String(bytes);
                }
                finally
                {
                    Array.Clear(pair, 0, pair.Length);
                    if (bytes != null)
                    {
                        Array.Clear(bytes, 0, bytes.Length);
                    }
                }
            });
        }

        public override string ToString() => UserName;
    }
}
