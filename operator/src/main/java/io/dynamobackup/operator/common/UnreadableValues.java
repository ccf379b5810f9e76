package io.dynamobackup.operator.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dynamobackup.operator.api.v1alpha1.StoredResource;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an object of the operator's kinds ({@link StoredResource}) whatever the API server stored. The API server
 * validates writes only, so after a CRD upgrade it still serves objects stored under the old schema: an integer beyond
 * int32, an enum value since removed, a string where an object is now expected. Jackson would fail on such a value,
 * and the informer that read it would stop for the whole kind — every object of every tenant. Here a value the Java
 * model cannot hold is read as absent instead and recorded on the object ({@link StoredResource#unreadable()}, e.g.
 * {@code spec.retention.keepLast: 3000000000 is out of range (at most 2147483647)}); the reconcilers never act on
 * such an object. Everything else — other kinds, Events, Leases — is read exactly as before: the leniency holds only
 * while one of the operator's objects is being read.
 */
public final class UnreadableValues extends SimpleModule {
  /** The per-read attribute that holds the {@link Reading} of the operator's object being read, if any. */
  private static final Object READING = UnreadableValues.class;

  public UnreadableValues() {
    super(UnreadableValues.class.getSimpleName());
    setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
          JsonDeserializer<?> deserializer) {
        return StoredResource.class.isAssignableFrom(bean.getBeanClass()) ? new Recording(deserializer) : deserializer;
      }
    });
    addDeserializer(Long.class, new WholeLong());
  }

  @Override
  public void setupModule(SetupContext context) {
    super.setupModule(context);
    context.addDeserializationProblemHandler(new Lenient());
  }

  /** One object being read: where it starts in the JSON (paths are relative to it) and what could not be read. */
  private record Reading(JsonStreamContext root, List<String> problems) {}

  /** Reads an object of the operator's kinds with the problems of its values recorded, not thrown. */
  private static final class Recording extends DelegatingDeserializer {
    Recording(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Recording(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p, ctxt, () -> _delegatee.deserialize(p, ctxt));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
      return read(p, ctxt, () -> ((JsonDeserializer<Object>) _delegatee).deserialize(p, ctxt, intoValue));
    }

    private interface Read {
      Object read() throws IOException;
    }

    private static Object read(JsonParser p, DeserializationContext ctxt, Read read) throws IOException {
      Object outer = ctxt.getAttribute(READING);
      Reading reading = new Reading(p.getParsingContext(), new ArrayList<>());
      ctxt.setAttribute(READING, reading);
      Object value;
      try {
        value = read.read();
      } finally {
        ctxt.setAttribute(READING, outer);
      }
      if (!reading.problems().isEmpty() && value instanceof StoredResource<?, ?> stored) {
        stored.unreadable(reading.problems());
      }
      return value;
    }
  }

  /**
   * Jackson asks this handler before it fails on a value; inside an object of the operator's kinds the value is
   * recorded and read as absent (null), elsewhere Jackson fails as usual. fabric8 reads every Integer from its text
   * (GoIntegerDeserializer), so an int32 overflow arrives here as a weird string value too.
   */
  private static final class Lenient extends DeserializationProblemHandler {
    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
        String failureMsg) {
      return recorded(ctxt, ctxt.getParser(), describe(targetType, value)) ? null : NOT_HANDLED;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
        String failureMsg) {
      return recorded(ctxt, ctxt.getParser(), describe(targetType, value.toString())) ? null : NOT_HANDLED;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
        String failureMsg) throws IOException {
      if (t == null || !recorded(ctxt, p, found(t) + " where " + expected(targetType.getRawClass()) + " is expected")) {
        return NOT_HANDLED;
      }
      p.skipChildren(); // the whole unexpected object or array, so reading goes on after it
      return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
        ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
      JsonToken t = p.currentToken();
      if (t == null || !recorded(ctxt, p, found(t) + " where " + expected(instClass) + " is expected")) {
        return NOT_HANDLED;
      }
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
        Throwable t) {
      return recorded(ctxt, ctxt.getParser(), "cannot be read as " + expected(instClass) + ": " + t.getMessage())
          ? null : NOT_HANDLED;
    }
  }

  /**
   * Long, as Jackson reads it, except inside an object of the operator's kinds: there a number beyond int64 or with a
   * fraction is a problem for {@link Lenient}, where Jackson would fail the whole read or silently drop the fraction.
   */
  private static final class WholeLong extends StdScalarDeserializer<Long> {
    private final JsonDeserializer<?> standard = NumberDeserializers.find(Long.class, Long.class.getName());

    WholeLong() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (ctxt.getAttribute(READING) != null && (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)
          || p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER)) {
        BigDecimal number = p.getDecimalValue();
        if (number.stripTrailingZeros().scale() <= 0 && number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
            && number.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
          return number.longValueExact();
        }
        return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), "not a whole number in the range of Long");
      }
      return (Long) standard.deserialize(p, ctxt);
    }
  }

  /** Records {@code problem} at the parser's position if an object of the operator's kinds is being read. */
  private static boolean recorded(DeserializationContext ctxt, JsonParser p, String problem) {
    if (!(ctxt.getAttribute(READING) instanceof Reading reading)) {
      return false;
    }
    reading.problems().add(path(p, reading.root()) + ": " + problem);
    return true;
  }

  /** The path of the parser's current value within the object being read, as kubectl explain names it. */
  static String path(JsonParser p, JsonStreamContext root) {
    JsonStreamContext context = p.getParsingContext();
    if (p.currentToken() != null && p.currentToken().isStructStart() && context.getParent() != null) {
      context = context.getParent(); // at the start of an object or array the parser is already inside it
    }
    Deque<String> segments = new ArrayDeque<>();
    for (; context != null; context = context.getParent()) {
      if (context.inArray()) {
        segments.push("[" + context.getCurrentIndex() + "]");
      } else if (context.inObject() && context.getCurrentName() != null) {
        segments.push("." + context.getCurrentName());
      }
      if (context == root) {
        break;
      }
    }
    String path = String.join("", segments);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** What is wrong with {@code value} (as the JSON had it) for a field of {@code type}. */
  static String describe(Class<?> type, String value) {
    if (type.isEnum()) {
      return quoted(value) + " is not one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
    }
    BigInteger[] range = range(type);
    if (range == null) {
      return quoted(value) + " is not " + expected(type);
    }
    BigDecimal number;
    try {
      number = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      return quoted(value) + " is not a number";
    }
    if (number.stripTrailingZeros().scale() > 0) {
      return value + " is not a whole number";
    }
    BigInteger whole = number.toBigInteger();
    if (whole.compareTo(range[1]) > 0) {
      return value + " is out of range (at most " + range[1] + ")";
    }
    if (whole.compareTo(range[0]) < 0) {
      return value + " is out of range (at least " + range[0] + ")";
    }
    return value + " cannot be read as " + expected(type);
  }

  private static BigInteger[] range(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
    }
    if (type == Long.class || type == long.class) {
      return new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
    }
    return null;
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private static String found(JsonToken t) {
    return switch (t) {
      case START_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static String expected(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return type == Double.class || type == Float.class ? "a number" : "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }
}
