namespace Srm.Simulator;

/// <summary>A bad command-line option or sites file. The console app prints the message and exits with code 2.</summary>
public sealed class SimulatorOptionsException : Exception
{
    public SimulatorOptionsException(string message) : base(message) { }

    public SimulatorOptionsException(string message, Exception inner) : base(message, inner) { }
}
