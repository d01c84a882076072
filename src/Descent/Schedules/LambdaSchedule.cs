namespace Descent.Schedules;

/// <summary>PyTorch's <c>LambdaLR</c>: <c>v_k = base · λ(k)</c> for a function <c>λ</c> of the step.</summary>
/// <remarks>
/// As <c>torch.optim.lr_scheduler.LambdaLR.get_lr</c> (<c>base_lr * lmbda(last_epoch)</c>), computed from the base value, so it is
/// not chainable. The function must be pure for previews and resumed runs to agree. Not available as a spec.
/// </remarks>
public sealed class LambdaSchedule : ClosedFormSchedule
{
    private readonly Func<long, double> _lambda;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lambda">The multiplier at each step.</param>
    public LambdaSchedule(Func<long, double> lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        _lambda = lambda;
    }

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue) => baseValue * _lambda(step);

    /// <inheritdoc/>
    public override string ToString() => "lambda";
}
