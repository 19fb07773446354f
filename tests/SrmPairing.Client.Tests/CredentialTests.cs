using System.Text;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class CredentialTests
    {
        [Fact]
        public void ToString_gives_the_user_only()
        {
            var credential = TestData.Credential();

            Assert.Equal(TestData.User, credential.ToString());
            Assert.DoesNotContain(TestData.Password, credential.ToString());
            Assert.Equal(TestData.User, credential.UserName);
        }

        [Theory]
        [InlineData("administrator@vsphere.local", "Pa55:w0rd-SECRET-3f9c")]
        [InlineData("admin", "")]
        [InlineData("DOMAIN\\svc-srm", "pässwörd € 密码")]
        public void Basic_parameter_decodes_to_user_colon_password_in_utf8(string user, string password)
        {
            var credential = new SrmCredential(user, TestData.Secure(password));

            var parameter = credential.ToBasicAuthorizationParameter();

            Assert.Equal(user + ":" + password, Encoding.UTF8.GetString(Convert.FromBase64String(parameter)));
        }

        [Fact]
        public void A_null_password_is_an_empty_one()
        {
            var credential = new SrmCredential("admin", (System.Security.SecureString?)null);

            Assert.Equal("admin:", Encoding.UTF8.GetString(Convert.FromBase64String(credential.ToBasicAuthorizationParameter())));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Blank_user_is_refused(string? user)
        {
            Assert.Throws<ArgumentException>(() => new SrmCredential(user!, TestData.Secure("x")));
        }

        [Fact]
        public void The_credential_keeps_its_own_copy_of_the_password()
        {
            var password = new System.Security.SecureString();
            foreach (var c in "first")
            {
                password.AppendChar(c);
            }

            var credential = new SrmCredential("admin", password);
            password.AppendChar('!');
            password.Dispose();

            Assert.Equal("admin:first", Encoding.UTF8.GetString(Convert.FromBase64String(credential.ToBasicAuthorizationParameter())));
        }
    }
}
