namespace Descent;

/// <summary>One recorded operation: its inputs and the rule that maps the output's gradient to the inputs' gradients.</summary>
/// <param name="Op">A short label such as <c>mul</c> (micrograd's <c>_op</c>), used in messages and graph dumps.</param>
/// <param name="Inputs">The tensors the operation read.</param>
/// <param name="Backward">
/// Given ∂L/∂output, returns ∂L/∂input for each input (null where an input gets no gradient). Rules are written in tensor ops,
/// so running them with recording on builds the graph of the gradient itself (double backward). Gradients may have the output's
/// broadcast shape; the engine sums them down to each input's shape.
/// </param>
internal sealed record Node(string Op, Tensor[] Inputs, Func<Tensor, Tensor?[]> Backward);
