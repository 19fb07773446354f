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

        /// <summary>A credential from a user name and a password; the password is copied, the copy made read-only.</summary>
        /// <param name="userName">The user name, e.g. administrator@vsphere.local; not blank.</param>
        /// <param name="password">The password; null for an empty one.</param>
        /// <exception cref="ArgumentException">The user name is blank.</exception>
        public SrmCredential(string userName, SecureString? password)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw new ArgumentException("The user name is empty.", nameof(userName));
            }

            UserName = userName;
            _password = password?.Copy() ?? new SecureString();
            _password.MakeReadOnly();
        }

        /// <summary>
        /// A credential from a user name and a password given as text (a configuration value, a secret store's
        /// answer). The characters are copied into a read-only SecureString; the string itself stays the caller's.
        /// </summary>
        /// <param name="userName">The user name, e.g. administrator@vsphere.local; not blank.</param>
        /// <param name="password">The password; null for an empty one.</param>
        /// <exception cref="ArgumentException">The user name is blank.</exception>
        public SrmCredential(string userName, string? password)
            : this(userName, ToSecureString(password))
        {
        }

        /// <summary>The user name.</summary>
        public string UserName { get; }

        private static SecureString ToSecureString(string? password)
        {
            var secure = new SecureString();
            foreach (var c in password ?? string.Empty)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

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
                byte[]? bytes = null;
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

        /// <summary>The user name; never the password.</summary>
        public override string ToString() => UserName;
    }
}
