package shop.common;

public class Money {
  long cents;
}
