using System.Reflection;
using System.Runtime.CompilerServices;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>The cmdlets are a user of the client library like any other: they see its public API only.</summary>
    public class InternalsVisibilityTests
    {
        [Fact]
        public void The_cmdlet_assembly_is_not_given_the_client_librarys_internals()
        {
            var friends = typeof(SrmConnection).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
                .Select(a => a.AssemblyName.Split(',')[0].Trim())
                .ToList();

            Assert.NotEmpty(friends); // the attribute list is read at all: the tests themselves are a friend
            Assert.DoesNotContain("SrmPairing", friends, StringComparer.OrdinalIgnoreCase);
        }
    }
}
