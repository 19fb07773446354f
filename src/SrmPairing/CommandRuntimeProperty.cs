using System;
using System.Management.Automation;
using System.Reflection;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Reads and sets a property of the engine's command runtime that it does not make public (a stream preference,
    /// the -Confirm flag), for <see cref="DebugWithoutPrompts"/> and <see cref="ForceWithoutPrompt"/>. Where a runtime
    /// lacks the property, with that type, or refuses it (a test runtime, a changed engine), nothing happens and the
    /// caller's fallback stands.
    /// </summary>
    internal static class CommandRuntimeProperty
    {
        private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        /// <summary>The property's value when the runtime has it as a readable <typeparamref name="T"/>.</summary>
        internal static bool TryGet<T>(ICommandRuntime runtime, string name, out T value)
        {
            value = default!;
            try
            {
                var property = runtime.GetType().GetProperty(name, Internal);
                if (property == null || !property.CanRead || property.PropertyType != typeof(T))
                {
                    return false;
                }

                value = (T)property.GetValue(runtime)!;
                return true;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is MemberAccessException || ex is AmbiguousMatchException)
            {
                return false;
            }
        }

        /// <summary>Sets the property when the runtime has it as a writable property of the value's type; false otherwise.</summary>
        internal static bool TrySet(ICommandRuntime runtime, string name, object value)
        {
            try
            {
                var property = runtime.GetType().GetProperty(name, Internal);
                if (property == null || !property.CanWrite || property.PropertyType != value.GetType())
                {
                    return false;
                }

                property.SetValue(runtime, value);
                return true;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is MemberAccessException || ex is AmbiguousMatchException || ex is ArgumentException)
            {
                // The runtime would not take it: its own behaviour stands.
                return false;
            }
        }
    }
}
