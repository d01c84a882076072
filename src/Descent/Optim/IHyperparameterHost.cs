namespace Descent.Optim;

/// <summary>
/// Something whose parameter groups carry named scalar hyperparameters (<c>lr</c>, <c>momentum</c>, <c>beta1</c>, …) that a
/// schedule may change between steps. The optimizers implement it; schedulers only talk to this interface.
/// </summary>
public interface IHyperparameterHost
{
    /// <summary>Number of parameter groups.</summary>
    int GroupCount { get; }

    /// <summary>Number of completed optimizer steps (used to detect a scheduler stepped before its optimizer).</summary>
    long StepCount { get; }

    /// <summary>Whether group <paramref name="group"/> has a hyperparameter called <paramref name="name"/> (spec names: <c>lr</c>, <c>beta1</c>…).</summary>
    bool HasHyperparameter(int group, string name);

    /// <summary>The current value of a hyperparameter.</summary>
    /// <exception cref="ArgumentException">The group has no such hyperparameter.</exception>
    double GetHyperparameter(int group, string name);

    /// <summary>Sets a hyperparameter; the next step uses it.</summary>
    /// <exception cref="ArgumentException">The group has no such hyperparameter, or the value is invalid for it.</exception>
    void SetHyperparameter(int group, string name, double value);

    /// <summary>Registers a component (a scheduler) whose state is saved and restored with the host's state dict.</summary>
    void Attach(IStateComponent component);
}

/// <summary>A component whose numeric state travels inside an optimizer's state dict (step counts, plateau counters…).</summary>
public interface IStateComponent
{
    /// <summary>A key unique among the components attached to one optimizer, such as <c>scheduler</c>.</summary>
    string StateKey { get; }

    /// <summary>The state as named numbers.</summary>
    IReadOnlyDictionary<string, double> SaveState();

    /// <summary>Restores state saved by <see cref="SaveState"/>.</summary>
    /// <exception cref="ArgumentException">The state is missing entries or holds invalid values.</exception>
    void LoadState(IReadOnlyDictionary<string, double> state);
}
