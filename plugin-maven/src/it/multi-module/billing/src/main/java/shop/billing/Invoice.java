package shop.billing;

public class Invoice {
  long cents;
}
