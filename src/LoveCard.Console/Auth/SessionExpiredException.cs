namespace LoveCard.Console.Auth;

/// <summary>
/// The user's server-side session is gone or its refresh token was refused: the page sends the user
/// to sign in again and back to where they were.
/// </summary>
public sealed class SessionExpiredException(string reason) : Exception(reason);
