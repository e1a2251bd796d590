using System.Text.RegularExpressions;

namespace Starter.Api.Problems;

/// <summary>
/// The data annotations' messages in the API's own words, on every validation problem: the field is
/// already the key of <c>errors</c>, so the message says only what is wrong with its value, the same
/// way for a create and an update, whichever schema or attribute the rule came from. The framework's
/// English wording (the app runs with invariant globalization) is matched here; a message it does not
/// know, such as a custom attribute's, is left as written.
/// </summary>
public static partial class ValidationMessages
{
    public static string Rewrite(string message) => message switch
    {
        _ when Required().IsMatch(message) => "The value must not be blank.",
        _ when MaxLength().Match(message) is { Success: true } m => $"The value must be at most {m.Groups["max"].Value} characters long.",
        _ when MinLength().Match(message) is { Success: true } m => $"The value must be at least {m.Groups["min"].Value} characters long.",
        _ when LengthBetween().Match(message) is { Success: true } m =>
            $"The value must be {m.Groups["min"].Value} to {m.Groups["max"].Value} characters long.",
        _ when Range().Match(message) is { Success: true } m => $"The value must be from {m.Groups["min"].Value} to {m.Groups["max"].Value}.",
        _ when Pattern().IsMatch(message) => "The value is not in the expected form.",
        _ when NotAddress().IsMatch(message) => "The value is not an email address.",
        _ when NotUrl().IsMatch(message) => "The value is not an absolute http, https or ftp URL.",
        _ when NotAllowed().IsMatch(message) => "The value is not one of those allowed.",
        _ => message,
    };

    // The Title field is required.
    [GeneratedRegex(@"^The \S+ field is required\.$")]
    private static partial Regex Required();

    // The field Title must be a string or array type with a maximum length of '200'.
    // The field Title must be a string with a maximum length of 200.
    [GeneratedRegex(@"^The field \S+ must be a string(?: or array type)? with a maximum length of '?(?<max>\d+)'?\.$")]
    private static partial Regex MaxLength();

    // The field Title must be a string or array type with a minimum length of '2'.
    [GeneratedRegex(@"^The field \S+ must be a string or array type with a minimum length of '(?<min>\d+)'\.$")]
    private static partial Regex MinLength();

    // The field Title must be a string with a minimum length of 2 and a maximum length of 200.
    [GeneratedRegex(@"^The field \S+ must be a string with a minimum length of (?<min>\d+) and a maximum length of (?<max>\d+)\.$")]
    private static partial Regex LengthBetween();

    // The field limit must be between 1 and 100.
    [GeneratedRegex(@"^The field \S+ must be between (?<min>\S+) and (?<max>\S+)\.$")]
    private static partial Regex Range();

    // The field Code must match the regular expression '^[A-Z]+$'.
    [GeneratedRegex(@"^The field \S+ must match the regular expression ")]
    private static partial Regex Pattern();

    // The Email field is not a valid e-mail address.
    [GeneratedRegex(@"^The \S+ field is not a valid e-mail address\.$")]
    private static partial Regex NotAddress();

    // The Homepage field is not a valid fully-qualified http, https, or ftp URL.
    [GeneratedRegex(@"^The \S+ field is not a valid fully-qualified http, https, or ftp URL\.$")]
    private static partial Regex NotUrl();

    // The Kind field does not equal any of the values specified in AllowedValuesAttribute.
    [GeneratedRegex(@"^The \S+ field does not equal any of the values specified in AllowedValuesAttribute\.$")]
    private static partial Regex NotAllowed();
}
