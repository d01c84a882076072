using System.Globalization;
using System.Text;
using Descent.Text;

namespace Descent.Functions;

/// <summary>
/// A recursive-descent parser for expressions such as <c>(1 - x*y)^2</c>, with an on-demand lexer so errors are reported at
/// the leftmost problem. Grammar (lowest precedence first):
/// <code>
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('+' | '-') unary | power
/// power   := primary ('^' unary)?           right-associative; binds tighter than a leading sign
/// primary := number | constant | variable | function '(' sum ')' | '(' sum ')'
/// </code>
/// </summary>
/// <remarks>
/// Binary chains are loops, so only parentheses, signs, powers and calls recurse; each of them counts one level against
/// <see cref="Expression.MaxDepth"/>, which keeps pathological input from overflowing the stack.
/// </remarks>
internal sealed class ExpressionParser
{
    private const string VariableList = "variables are x, y, z and x0..x99, constants pi and e";

    private readonly string _text;
    private readonly string _display;
    private int _pos;
    private Token _token;
    private Token _previous;
    private int _depth;

    private ExpressionParser(string text)
    {
        _text = text;
        _display = Display(text);
    }

    private enum Kind
    {
        End,
        Number,
        Identifier,
        Plus,
        Minus,
        Star,
        Slash,
        Caret,
        LeftParen,
        RightParen,
    }

    /// <summary>Parses <paramref name="text"/> into a tree.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression; the message says where and why.</exception>
    public static ExpressionNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Expression.MaxLength)
        {
            throw new ExpressionException(
                $"Expression is too long ({text.Length} characters); the limit is {Expression.MaxLength}", text, Expression.MaxLength + 1);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionException(
                "Empty expression: write a function of x, y, z or x0..x99, such as \"(1 - x*y)^2\"", text, 1);
        }

        var parser = new ExpressionParser(text);
        parser.Advance();
        var root = parser.ParseSum();
        if (parser._token.Kind != Kind.End)
        {
            var t = parser._token;
            throw parser.Fail(
                $"Unexpected \"{parser.TextOf(t)}\" after the end of the expression", t.Start,
                t.Kind == Kind.RightParen ? "it has no matching \"(\"" : null);
        }

        return root;
    }

    private ExpressionNode ParseSum()
    {
        var left = ParseProduct();
        while (_token.Kind is Kind.Plus or Kind.Minus)
        {
            char op = _token.Kind == Kind.Plus ? '+' : '-';
            Advance();
            left = new BinaryNode(op, left, ParseProduct());
        }

        return left;
    }

    private ExpressionNode ParseProduct()
    {
        var left = ParseUnary();
        while (_token.Kind is Kind.Star or Kind.Slash)
        {
            char op = _token.Kind == Kind.Star ? '*' : '/';
            Advance();
            left = new BinaryNode(op, left, ParseUnary());
        }

        return left;
    }

    private ExpressionNode ParseUnary()
    {
        if (_token.Kind is not (Kind.Plus or Kind.Minus))
        {
            return ParsePower();
        }

        var sign = _token;
        Enter(sign);
        Advance();
        var operand = ParseUnary();
        Leave();
        return sign.Kind == Kind.Minus ? new NegateNode(operand) : operand;
    }

    private ExpressionNode ParsePower()
    {
        var @base = ParsePrimary();
        RejectImplicitMultiplication();
        if (_token.Kind != Kind.Caret)
        {
            return @base;
        }

        Enter(_token);
        Advance();
        var exponent = ParseUnary();
        Leave();
        return new BinaryNode('^', @base, exponent);
    }

    private ExpressionNode ParsePrimary()
    {
        var t = _token;
        switch (t.Kind)
        {
            case Kind.Number:
                Advance();
                return new NumberNode(t.Number);

            case Kind.Identifier:
                {
                    string name = TextOf(t);
                    Advance();
                    var known = ResolveName(name);
                    if (known != null)
                    {
                        // A variable or constant followed by '(' is a missing '*', reported by the caller.
                        return known;
                    }

                    var function = BuiltinFunction.Find(name);
                    if (_token.Kind != Kind.LeftParen)
                    {
                        throw function != null
                            ? Fail($"Expected '(' after function \"{name}\"", _token.Start)
                            : UnknownName(name, t.Start);
                    }

                    if (function == null)
                    {
                        var suggestion = Spelling.Closest(name, BuiltinFunction.All.Select(f => f.Name));
                        throw Fail(
                            $"Unknown function \"{name}\"", t.Start,
                            (suggestion != null ? $"did you mean \"{suggestion}\"? Valid" : "valid") + $" functions: {BuiltinFunction.NameList}");
                    }

                    Enter(t);
                    Advance();
                    var argument = ParseSum();
                    Expect(Kind.RightParen, "')'");
                    Leave();
                    return new CallNode(function, argument);
                }

            case Kind.LeftParen:
                {
                    Enter(t);
                    Advance();
                    var inner = ParseSum();
                    Expect(Kind.RightParen, "')'");
                    Leave();
                    return inner;
                }

            default:
                throw Fail("Expected an expression", t.Start);
        }
    }

    /// <summary>A variable or constant node for <paramref name="name"/>, or null if it is neither.</summary>
    private ExpressionNode? ResolveName(string name)
    {
        switch (name)
        {
            case "x":
                return new VariableNode(0);
            case "y":
                return new VariableNode(1);
            case "z":
                return new VariableNode(2);
            case "pi" or "π":
                return new ConstantNode("pi", Math.PI);
            case "e":
                return new ConstantNode("e", Math.E);
        }

        int index = VariableIndex(name);
        if (index > Expression.MaxVariableIndex)
        {
            throw Fail($"Variable \"{name}\" is out of range", _previous.Start, $"variables go up to x{Expression.MaxVariableIndex}");
        }

        return index >= 0 ? new VariableNode(index) : null;
    }

    /// <summary>The index of <c>xN</c> (int.MaxValue when too long to be valid), or −1 when the name is not of that form.</summary>
    private static int VariableIndex(string name)
    {
        if (name.Length < 2 || name[0] != 'x')
        {
            return -1;
        }

        for (int i = 1; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                return -1;
            }
        }

        var digits = name.AsSpan(1).TrimStart('0');
        return digits.Length > 6 ? int.MaxValue : digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static bool IsVariableOrConstant(string name) =>
        name is "x" or "y" or "z" or "pi" or "e" || VariableIndex(name) is >= 0 and <= Expression.MaxVariableIndex;

    private ExpressionException UnknownName(string name, int start)
    {
        string? suggestion = null;
        foreach (var f in BuiltinFunction.All)
        {
            // "sinx" is most likely "sin(x)".
            if (name.Length > f.Name.Length && name.StartsWith(f.Name, StringComparison.Ordinal) && IsVariableOrConstant(name[f.Name.Length..]))
            {
                suggestion = $"{f.Name}({name[f.Name.Length..]})";
                break;
            }
        }

        // A one-letter name is one edit from every variable, so only a case slip ("X") is worth suggesting.
        suggestion ??= name.Length == 1
            ? (name.ToLowerInvariant() is "x" or "y" or "z" or "e" ? name.ToLowerInvariant() : null)
            : Spelling.Closest(name, ["x", "y", "z", "pi", "e"]);
        return Fail(
            $"Unknown variable \"{name}\"", start,
            suggestion != null ? $"did you mean \"{suggestion}\"? {char.ToUpperInvariant(VariableList[0])}{VariableList[1..]}" : VariableList);
    }

    /// <summary>An operand directly after an operand (<c>2x</c>, <c>(x+1)(x-1)</c>) is a missing '*': say so and show the fix.</summary>
    private void RejectImplicitMultiplication()
    {
        if (_token.Kind is not (Kind.Number or Kind.Identifier or Kind.LeftParen))
        {
            return;
        }

        int prevEnd = _previous.Start + _previous.Length;
        string fix = _text.Length <= 80
            ? string.Concat(_display.AsSpan(0, prevEnd), "*", _display.AsSpan(_token.Start))
            : $"{TextOf(_previous)}*{TextOf(_token)}";
        throw Fail(
            $"Missing operator between \"{TextOf(_previous)}\" and \"{TextOf(_token)}\"", _token.Start,
            $"implicit multiplication is not supported, write \"{fix}\"");
    }

    private void Expect(Kind kind, string what)
    {
        if (_token.Kind != kind)
        {
            throw Fail($"Expected {what}", _token.Start);
        }

        Advance();
    }

    private void Enter(Token at)
    {
        if (++_depth > Expression.MaxDepth)
        {
            throw Fail(
                "Expression nests too deeply", at.Start,
                $"the limit is {Expression.MaxDepth} levels of parentheses, signs, powers and function calls");
        }
    }

    private void Leave() => _depth--;

    private void Advance()
    {
        _previous = _token;
        _token = Lex();
    }

    private Token Lex()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            return new Token(Kind.End, _text.Length, 0);
        }

        int start = _pos;
        char c = _text[_pos];
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            return LexNumber();
        }

        if (char.IsAsciiLetter(c))
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            return new Token(Kind.Identifier, start, _pos - start);
        }

        if (c == 'π')
        {
            _pos++;
            return new Token(Kind.Identifier, start, 1);
        }

        if (c == '*' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
        {
            throw Fail("Unexpected \"**\"", start, "use '^' for powers, as in x^2");
        }

        var kind = c switch
        {
            '+' => Kind.Plus,
            '-' => Kind.Minus,
            '*' => Kind.Star,
            '/' => Kind.Slash,
            '^' => Kind.Caret,
            '(' => Kind.LeftParen,
            ')' => Kind.RightParen,
            _ => Kind.End,
        };
        if (kind == Kind.End)
        {
            throw UnexpectedCharacter(start);
        }

        _pos++;
        return new Token(kind, start, 1);
    }

    private Token LexNumber()
    {
        int start = _pos;
        SkipDigits();
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            SkipDigits();
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            int exp = _pos + 1;
            if (exp < _text.Length && _text[exp] is '+' or '-')
            {
                exp++;
            }

            // "2e" and "2e-" are not exponents: the number ends and the parser sees the constant e.
            if (exp < _text.Length && char.IsAsciiDigit(_text[exp]))
            {
                _pos = exp;
                SkipDigits();
            }
        }

        var span = _text.AsSpan(start, _pos - start);
        double value = double.Parse(span, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw Fail($"Number \"{span}\" is too large", start, "the largest is about 1.8e308");
        }

        return new Token(Kind.Number, start, _pos - start, value);
    }

    private void SkipDigits()
    {
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }
    }

    private ExpressionException UnexpectedCharacter(int start)
    {
        char c = _text[start];
        string shown = char.IsHighSurrogate(c) && start + 1 < _text.Length && char.IsLowSurrogate(_text[start + 1])
            ? $"'{_text.Substring(start, 2)}'"
            : char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";
        string? hint = c switch
        {
            '²' => "write x^2 for a square",
            '³' => "write x^3 for a cube",
            '×' or '·' or '∙' or '⋅' => "use '*' for multiplication",
            '÷' => "use '/' for division",
            '−' or '–' or '—' => "use the ASCII '-' for minus",
            '√' => "use sqrt(...)",
            ',' => "functions take one argument, and decimals use '.'",
            '[' or ']' or '{' or '}' => "use ( ) for grouping",
            '=' => "write only the right-hand side, such as x^2 + y^2",
            '.' => "a number needs a digit after the decimal point, as in .5",
            _ => null,
        };
        return Fail($"Unexpected character {shown}", start, hint);
    }

    private ExpressionException Fail(string problem, int start, string? hint = null)
    {
        var sb = new StringBuilder(problem)
            .Append(CultureInfo.InvariantCulture, $" at column {start + 1} in \"")
            .Append(_display)
            .Append('"');
        if (hint != null)
        {
            sb.Append("; ").Append(hint);
        }

        return new ExpressionException(sb.ToString(), _text, start + 1);
    }

    private string TextOf(Token t) => _display.Substring(t.Start, t.Length);

    /// <summary>The text with control characters (newlines, tabs) shown as spaces, so a message stays on one line and columns line up.</summary>
    private static string Display(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        return string.Create(text.Length, text, (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                dst[i] = char.IsControl(src[i]) ? ' ' : src[i];
            }
        });
    }

    private readonly record struct Token(Kind Kind, int Start, int Length, double Number = 0);
}
