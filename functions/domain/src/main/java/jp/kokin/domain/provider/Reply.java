package jp.kokin.domain.provider;

/** An HTTP answer to a provider's notification. */
public record Reply(int status, String contentType, String body) {}
