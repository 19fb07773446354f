#if NETSTANDARD2_0
// The nullable-analysis attributes that .NET Core 3.0 added to the base library and this netstandard2.0 build uses.
// The compiler recognises them by name in any assembly. Internal: nobody can bind to these types.
namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>The output is not null when the method returns <see cref="ReturnValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    /// <summary>The method never returns: it always throws.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}
#endif
