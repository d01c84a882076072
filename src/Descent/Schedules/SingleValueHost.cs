using Descent.Optim;

namespace Descent.Schedules;

/// <summary>A host with one group and one hyperparameter, for previews that need a scheduler without an optimizer.</summary>
internal sealed class SingleValueHost(string name, double value) : IHyperparameterHost
{
    public double Value { get; private set; } = value;

    public int GroupCount => 1;

    public long StepCount => 1;

    public bool HasHyperparameter(int group, string hyperparameter) => group == 0 && hyperparameter == name;

    public double GetHyperparameter(int group, string hyperparameter)
    {
        Check(group, hyperparameter);
        return Value;
    }

    public void SetHyperparameter(int group, string hyperparameter, double newValue)
    {
        Check(group, hyperparameter);
        Value = newValue;
    }

    public void Attach(IStateComponent component)
    {
    }

    private void Check(int group, string hyperparameter)
    {
        if (!HasHyperparameter(group, hyperparameter))
        {
            throw new ArgumentException($"Parameter group {group} has no hyperparameter \"{hyperparameter}\".");
        }
    }
}
